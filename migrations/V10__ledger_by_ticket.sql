-- syncd store, version 10: runs read only the ledger rows they need (issue 8 §7). Rows by
-- ticket (negative corrections, ticket runs) and pending rows by state, per pair.
CREATE INDEX ledger_ticket ON ledger (zammad_connector_id, kimai_connector_id, ticket_id);
CREATE INDEX ledger_pair_state ON ledger (zammad_connector_id, kimai_connector_id, state);
