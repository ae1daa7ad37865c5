//! Kimai's roles and permissions, as `config/packages/kimai.yaml` (K@1f421c27) maps them:
//! permission sets → roles, plus the per-role extras and the super admin's fixed
//! permissions (`RolePermissionManager::SUPER_ADMIN_PERMISSIONS`). Admins can change a
//! role's permissions in Kimai; `grant`/`revoke` model that.

use std::collections::BTreeSet;

/// A Kimai role (the API user's highest one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KimaiRole {
    User,
    Teamlead,
    Admin,
    SuperAdmin,
}

impl KimaiRole {
    pub fn as_str(self) -> &'static str {
        match self {
            KimaiRole::User => "ROLE_USER",
            KimaiRole::Teamlead => "ROLE_TEAMLEAD",
            KimaiRole::Admin => "ROLE_ADMIN",
            KimaiRole::SuperAdmin => "ROLE_SUPER_ADMIN",
        }
    }

    /// `kimai.permissions.maps` (sets) plus `kimai.permissions.roles` (extras).
    fn defaults(self) -> BTreeSet<&'static str> {
        let sets: &[&[&str]] = match self {
            KimaiRole::User => &[TIMESHEET, PROFILE, EVERYONE],
            KimaiRole::Teamlead => &[
                ACTIVITIES_TEAMLEAD,
                PROJECTS_TEAMLEAD,
                CUSTOMERS_TEAMLEAD,
                TIMESHEET_OTHER,
                INVOICE,
                TIMESHEET,
                PROFILE,
                EXPORT,
                BILLABLE,
                TAGS,
                REPORTING,
                EVERYONE,
            ],
            KimaiRole::Admin => &[
                ACTIVITIES,
                PROJECTS,
                CUSTOMERS,
                INVOICE,
                INVOICE_ADMIN,
                TIMESHEET,
                TIMESHEET_OTHER,
                PROFILE,
                TEAMS,
                RATE,
                RATE_OTHER,
                EXPORT,
                BILLABLE,
                TAGS,
                LOCKDOWN,
                REPORTING,
                EVERYONE,
            ],
            KimaiRole::SuperAdmin => &[
                ACTIVITIES,
                PROJECTS,
                CUSTOMERS,
                INVOICE,
                INVOICE_ADMIN,
                TIMESHEET,
                TIMESHEET_OTHER,
                PROFILE,
                PROFILE_OTHER,
                USER,
                TEAMS,
                RATE,
                RATE_OTHER,
                EXPORT,
                BILLABLE,
                TAGS,
                LOCKDOWN,
                REPORTING,
                EVERYONE,
            ],
        };
        let extras: &[&str] = match self {
            KimaiRole::User => &[
                "view_team_member",
                "time_team_project",
                "create_tag",
                "view_reporting",
            ],
            KimaiRole::Teamlead => &[
                "view_rate_own_timesheet",
                "view_rate_other_timesheet",
                "hourly-rate_own_profile",
                "view_team_member",
                "hours_other_profile",
            ],
            KimaiRole::Admin => &[
                "hourly-rate_own_profile",
                "edit_exported_timesheet",
                "teams_own_profile",
                "view_team_member",
                "view_all_data",
                "contract_other_profile",
                "hours_other_profile",
                "create_export_template",
            ],
            KimaiRole::SuperAdmin => &[
                "hourly-rate_own_profile",
                "hourly-rate_other_profile",
                "roles_own_profile",
                "supervisor_own_profile",
                "system_information",
                "system_configuration",
                "plugins",
                "edit_exported_timesheet",
                "teams_own_profile",
                "view_team_member",
                "upload_invoice_template",
                "view_all_data",
                "contract_other_profile",
                "hours_other_profile",
                "create_export_template",
            ],
        };
        sets.iter()
            .flat_map(|s| s.iter())
            .chain(extras.iter())
            .copied()
            .collect()
    }
}

const ACTIVITIES: &[&str] = &[
    "view_activity",
    "create_activity",
    "edit_activity",
    "budget_activity",
    "time_activity",
    "delete_activity",
    "permissions_activity",
];
const ACTIVITIES_TEAMLEAD: &[&str] = &[
    "view_teamlead_activity",
    "create_activity",
    "edit_teamlead_activity",
    "budget_teamlead_activity",
    "time_teamlead_activity",
];
const PROJECTS: &[&str] = &[
    "view_project",
    "create_project",
    "edit_project",
    "budget_project",
    "time_project",
    "delete_project",
    "permissions_project",
    "comments_project",
    "details_project",
];
const PROJECTS_TEAMLEAD: &[&str] = &[
    "view_teamlead_project",
    "budget_teamlead_project",
    "time_teamlead_project",
    "comments_teamlead_project",
    "details_teamlead_project",
];
const CUSTOMERS: &[&str] = &[
    "view_customer",
    "create_customer",
    "edit_customer",
    "budget_customer",
    "time_customer",
    "delete_customer",
    "permissions_customer",
    "comments_customer",
    "details_customer",
];
const CUSTOMERS_TEAMLEAD: &[&str] = &[
    "view_teamlead_customer",
    "budget_teamlead_customer",
    "time_teamlead_customer",
    "comments_teamlead_customer",
    "details_teamlead_customer",
];
const INVOICE: &[&str] = &["view_invoice", "create_invoice"];
const INVOICE_ADMIN: &[&str] = &["manage_invoice_template"];
const TIMESHEET: &[&str] = &[
    "view_own_timesheet",
    "start_own_timesheet",
    "stop_own_timesheet",
    "create_own_timesheet",
    "edit_own_timesheet",
    "export_own_timesheet",
    "delete_own_timesheet",
    "weekly_own_timesheet",
];
const TIMESHEET_OTHER: &[&str] = &[
    "view_other_timesheet",
    "start_other_timesheet",
    "stop_other_timesheet",
    "create_other_timesheet",
    "edit_other_timesheet",
    "export_other_timesheet",
    "delete_other_timesheet",
];
const PROFILE: &[&str] = &[
    "view_own_profile",
    "edit_own_profile",
    "password_own_profile",
    "preferences_own_profile",
    "api-token_own_profile",
];
const PROFILE_OTHER: &[&str] = &[
    "view_other_profile",
    "edit_other_profile",
    "password_other_profile",
    "roles_other_profile",
    "preferences_other_profile",
    "api-token_other_profile",
    "teams_other_profile",
    "supervisor_other_profile",
];
const TAGS: &[&str] = &["view_tag", "manage_tag", "create_tag", "delete_tag"];
const USER: &[&str] = &[
    "view_user",
    "create_user",
    "delete_user",
    "role_permissions",
];
const RATE: &[&str] = &["view_rate_own_timesheet", "edit_rate_own_timesheet"];
const RATE_OTHER: &[&str] = &["view_rate_other_timesheet", "edit_rate_other_timesheet"];
const EXPORT: &[&str] = &[
    "create_export",
    "edit_export_own_timesheet",
    "edit_export_other_timesheet",
];
const BILLABLE: &[&str] = &[
    "edit_billable_own_timesheet",
    "edit_billable_other_timesheet",
];
const TEAMS: &[&str] = &["view_team", "create_team", "edit_team", "delete_team"];
const LOCKDOWN: &[&str] = &["lockdown_grace_timesheet", "lockdown_override_timesheet"];
const REPORTING: &[&str] = &[
    "view_reporting",
    "view_other_reporting",
    "project_reporting",
    "customer_reporting",
];
const EVERYONE: &[&str] = &["api_access", "hours_own_profile"];

/// Granted to ROLE_SUPER_ADMIN whatever the role's configuration says.
const SUPER_ADMIN_FIXED: &[&str] = &["view_all_data", "role_permissions", "view_user"];

/// The API user's role and what an admin changed about that role's permissions.
/// Default: ROLE_ADMIN as shipped (no `view_user`), the usual role of a sync account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KimaiPermissions {
    pub role: KimaiRole,
    granted: BTreeSet<String>,
    revoked: BTreeSet<String>,
}

impl Default for KimaiPermissions {
    fn default() -> Self {
        KimaiPermissions::of(KimaiRole::Admin)
    }
}

impl KimaiPermissions {
    /// The role with its shipped permissions.
    pub fn of(role: KimaiRole) -> Self {
        KimaiPermissions {
            role,
            granted: BTreeSet::new(),
            revoked: BTreeSet::new(),
        }
    }

    /// The role configured to include `permission` too.
    pub fn grant(mut self, permission: &str) -> Self {
        self.revoked.remove(permission);
        self.granted.insert(permission.to_string());
        self
    }

    /// The role configured without `permission`.
    pub fn revoke(mut self, permission: &str) -> Self {
        self.granted.remove(permission);
        self.revoked.insert(permission.to_string());
        self
    }

    pub fn has(&self, permission: &str) -> bool {
        if self.role == KimaiRole::SuperAdmin && SUPER_ADMIN_FIXED.contains(&permission) {
            return true;
        }
        if self.revoked.contains(permission) {
            return false;
        }
        self.granted.contains(permission) || self.role.defaults().contains(permission)
    }

    /// The role names `/api/users/me` shows.
    pub fn roles(&self) -> Vec<&'static str> {
        vec![self.role.as_str()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_roles_match_kimai_yaml() {
        let admin = KimaiPermissions::of(KimaiRole::Admin);
        assert!(!admin.has("view_user"));
        assert!(admin.has("create_other_timesheet") && admin.has("view_other_timesheet"));
        assert!(admin.has("lockdown_override_timesheet") && admin.has("edit_exported_timesheet"));
        assert!(admin.has("view_all_data") && admin.has("create_customer"));
        let sup = KimaiPermissions::of(KimaiRole::SuperAdmin);
        assert!(sup.has("view_user") && sup.has("view_other_profile"));
        assert!(sup.clone().revoke("view_user").has("view_user"), "fixed");
        let lead = KimaiPermissions::of(KimaiRole::Teamlead);
        assert!(lead.has("view_other_timesheet") && !lead.has("view_all_data"));
        assert!(!lead.has("create_customer") && !lead.has("lockdown_override_timesheet"));
        let user = KimaiPermissions::of(KimaiRole::User);
        assert!(!user.has("view_other_timesheet") && user.has("create_tag"));
        let custom = admin.grant("view_user").revoke("edit_exported_timesheet");
        assert!(custom.has("view_user") && !custom.has("edit_exported_timesheet"));
    }
}
