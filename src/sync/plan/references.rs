//! The customer, project, activity and user a timesheet needs: mapped, matched by name,
//! number or email, or planned as new.

use super::*;
use crate::sync::mapping_key::CustomerKey;
use crate::sync::mapping_source::MappingSource;

impl Planner<'_> {
    /// The timesheet an entry should be, creating customer/project/activity references as
    /// needed; `Err` names the conflict that stops it.
    pub(super) fn desired(&mut self, e: &SourceEntry) -> Result<Desired, (Reason, String)> {
        let placement = self.placement(e)?;
        Ok(self.shape.desired(placement, e))
    }

    /// The project (with its customer), activity and user an entry needs, planned when
    /// missing.
    pub(super) fn placement(&mut self, e: &SourceEntry) -> Result<Placement, (Reason, String)> {
        let activity = self.activity(e)?;
        let user = self.user(e)?;
        let project = self.project(e)?;
        Ok(Placement {
            project,
            activity,
            user,
        })
    }

    pub(super) fn link(
        &mut self,
        source: MappingSource,
        source_name: Option<String>,
        item: &CatalogItem,
    ) {
        let kind = source.kind().as_str();
        let source_key = source.to_string();
        if self.linked_keys.insert((kind, source_key.clone())) {
            self.plan.mapping_links.push(MappingLink {
                kind: kind.to_string(),
                source_key,
                source_name,
                target_id: item.id,
                target_name: item.name.clone(),
            });
        }
    }

    pub(super) fn activity(
        &mut self,
        e: &SourceEntry,
    ) -> Result<Ref<KimaiActivityId>, (Reason, String)> {
        let m = self.input.mappings;
        let mut refused: Option<String> = None;
        if let Some(t) = e.type_id {
            if let Some(id) = m.activity.get(&t) {
                return Ok(Ref::Existing(*id));
            }
            if let Some(name) = &e.type_name {
                let same: Vec<CatalogItem> = self
                    .input
                    .catalog
                    .activities
                    .iter()
                    .filter(|a| a.parent.is_none() && a.name.eq_ignore_ascii_case(name.trim()))
                    .cloned()
                    .collect();
                match matching::pick(
                    &same,
                    |a| a.visible,
                    item_label("activity"),
                    "hidden",
                    "by name",
                ) {
                    Found::Usable(a) => {
                        self.link(MappingSource::Activity(t), Some(name.to_string()), &a);
                        return Ok(Ref::Existing(KimaiActivityId(a.id)));
                    }
                    Found::Refused(why) => refused = Some(why),
                    Found::Nothing => {}
                }
            }
        }
        if let Some(id) = self.input.policy.default_activity {
            return Ok(Ref::Existing(id));
        }
        if self.input.policy.auto_create_activities
            && let (Some(t), Some(name)) = (e.type_id, &e.type_name)
        {
            let key = t.0.to_string();
            let next = self.plan.new_activities.len();
            let idx = *self.new_activity_index.entry(key.clone()).or_insert(next);
            if idx == next {
                self.plan.new_activities.push(NewActivity {
                    source_key: key,
                    name: kimai_name(name),
                });
            }
            return Ok(Ref::New(idx));
        }
        let what = match (&e.type_name, e.type_id) {
            (Some(n), Some(t)) => {
                format!("Zammad activity type `{n}` (id {t}) has no Kimai activity")
            }
            _ => "the entry has no activity type and no default activity is set".to_string(),
        };
        Err((Reason::UnmappedActivity, with_refusal(what, refused)))
    }

    pub(super) fn user(
        &mut self,
        e: &SourceEntry,
    ) -> Result<Option<KimaiUserId>, (Reason, String)> {
        let api_user = self.input.policy.api_user;
        if let Some(id) = self.input.mappings.user.get(&e.agent) {
            return Ok(Some(*id).filter(|u| *u != api_user));
        }
        let mut refused: Option<String> = None;
        if let Some(email) = e.agent_email.as_deref().filter(|m| !m.is_empty()) {
            let same: Vec<CatalogUser> = self
                .input
                .catalog
                .users
                .iter()
                .filter(|u| matching::same_email(Some(email), u.email.as_deref()))
                .cloned()
                .collect();
            let label = |u: &CatalogUser| format!("Kimai user {} (id {})", u.username, u.id);
            let found = matching::pick(&same, |u| u.enabled, label, "disabled", "by email");
            if let Found::Refused(why) = &found {
                refused = Some(why.clone());
            }
            if let Some(u) = found.usable() {
                let item = CatalogItem {
                    id: u.id.0,
                    name: u.username.clone(),
                    comment: None,
                    number: None,
                    parent: None,
                    visible: true,
                };
                self.link(
                    MappingSource::User(e.agent),
                    Some(e.agent_name.to_string()),
                    &item,
                );
                return Ok(Some(u.id).filter(|u| *u != api_user));
            }
        }
        match self.input.policy.unmapped_user {
            UnmappedUserPolicy::ApiUser => {
                if let Some(why) = refused {
                    self.plan.notice(format!(
                        "{why}; Zammad agent {}'s time is booked as the API user",
                        e.agent_name
                    ));
                }
                Ok(None)
            }
            UnmappedUserPolicy::Conflict => Err((
                Reason::UnmappedUser,
                with_refusal(
                    format!(
                        "Zammad agent {} ({}) has no Kimai user",
                        e.agent_name,
                        e.agent_email.as_deref().unwrap_or("no email")
                    ),
                    refused,
                ),
            )),
        }
    }

    pub(super) fn customer(
        &mut self,
        e: &SourceEntry,
    ) -> Result<Ref<KimaiCustomerId>, (Reason, String)> {
        let source = CustomerKey::of(e);
        if let Some(id) = self.input.mappings.customer.get(&source) {
            return Ok(Ref::Existing(*id));
        }
        // Its text form names it in Kimai (reference, number) and in the plan.
        let key = source.to_string();
        let name = kimai_name(
            e.organization_name
                .as_deref()
                .unwrap_or(&self.input.policy.no_organization_customer),
        );
        let reference = reference("org", &self.input.policy.marker_key, &key);
        let catalog = &self.input.catalog.customers;
        let ours: Vec<CatalogItem> = catalog
            .iter()
            .filter(|c| c.comment.as_deref().is_some_and(|x| x.contains(&reference)))
            .cloned()
            .collect();
        let named: Vec<CatalogItem> = catalog
            .iter()
            .filter(|c| c.name.eq_ignore_ascii_case(&name))
            .cloned()
            .collect();
        let found = self.usable_or_refused("customer", &ours, &named, &key)?;
        if let Some(c) = found {
            self.link(
                MappingSource::Customer(source),
                e.organization_name.as_deref().map(str::to_string),
                &c,
            );
            return Ok(Ref::Existing(KimaiCustomerId(c.id)));
        }
        let next = self.plan.new_customers.len();
        let idx = *self.new_customer_index.entry(key.clone()).or_insert(next);
        if idx == next {
            self.plan.new_customers.push(NewCustomer {
                number: customer_number(&self.input.policy.marker_key, &key),
                comment: format!("{reference} Zammad organization"),
                source_key: key,
                name,
            });
        }
        Ok(Ref::New(idx))
    }

    /// A catalog record for `key`: one syncd made (by reference) or one with the same name,
    /// visible only. A hidden one syncd made is not replaced by a second one (its number
    /// or reference would clash): the entry waits, saying how to fix it. A hidden one with
    /// the same name is passed over (a new one is made), with a notice.
    pub(super) fn usable_or_refused(
        &mut self,
        kind: &'static str,
        ours: &[CatalogItem],
        named: &[CatalogItem],
        key: &str,
    ) -> Result<Option<CatalogItem>, (Reason, String)> {
        let label = item_label(kind);
        match matching::pick(
            ours,
            |c| c.visible,
            &label,
            "hidden",
            "by syncd's reference",
        ) {
            Found::Usable(c) => return Ok(Some(c)),
            Found::Refused(why) => {
                return Err((
                    Reason::TargetRejected,
                    format!(
                        "{why}: unhide it in Kimai, or map Zammad's `{key}` to another one with \
                         `syncd mapping add {kind} --source {key} --target <Kimai {kind} id or name>`"
                    ),
                ));
            }
            Found::Nothing => {}
        }
        let found = matching::pick(named, |c| c.visible, &label, "hidden", "by name");
        if let Some(why) = found.refusal() {
            self.plan
                .notice(format!("{why}; a new Kimai {kind} is created instead"));
        }
        Ok(found.usable())
    }

    pub(super) fn project(
        &mut self,
        e: &SourceEntry,
    ) -> Result<Ref<KimaiProjectId>, (Reason, String)> {
        let (key, name) = match self.input.policy.project_policy {
            ProjectPolicy::Fixed => {
                return self.input.policy.fixed_project.map(Ref::Existing).ok_or((
                    Reason::TargetRejected,
                    "sync.fixed_project is not set".to_string(),
                ));
            }
            ProjectPolicy::PerTicket => (
                MappingKey::Ticket(e.ticket),
                kimai_name(&format!("#{} {}", e.ticket_number, e.ticket_title)),
            ),
            ProjectPolicy::PerCustomer => (
                MappingKey::Organization(e.organization),
                kimai_name(
                    e.organization_name
                        .as_deref()
                        .unwrap_or(&self.input.policy.no_organization_customer),
                ),
            ),
        };
        if let Some(id) = self.input.mappings.project.get(&key) {
            return Ok(Ref::Existing(*id));
        }
        let reference = reference(key.prefix(), &self.input.policy.marker_key, &key.id_text());
        let source = MappingSource::Project(key);
        let key = key.to_string();
        let customer = self.customer(e)?;
        let catalog = &self.input.catalog.projects;
        let ours: Vec<CatalogItem> = catalog
            .iter()
            .filter(|p| p.comment.as_deref().is_some_and(|c| c.contains(&reference)))
            .cloned()
            .collect();
        let named: Vec<CatalogItem> = match customer {
            Ref::Existing(cid) => catalog
                .iter()
                .filter(|p| p.parent == Some(cid.0) && p.name.eq_ignore_ascii_case(&name))
                .cloned()
                .collect(),
            Ref::New(_) => Vec::new(),
        };
        let found = self.usable_or_refused("project", &ours, &named, &key)?;
        if let Some(p) = found {
            self.link(source, Some(name), &p);
            return Ok(Ref::Existing(KimaiProjectId(p.id)));
        }
        let next = self.plan.new_projects.len();
        let idx = *self.new_project_index.entry(key.clone()).or_insert(next);
        if idx == next {
            let comment = format!("{reference} {}", e.ticket_url);
            self.plan.new_projects.push(NewProject {
                source_key: key,
                name,
                customer,
                comment: comment.trim().to_string(),
            });
        }
        Ok(Ref::New(idx))
    }
}
