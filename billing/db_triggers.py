"""Database triggers that keep fixed cost models and issued statements immutable.

The last line of defence: they refuse UPDATE and DELETE statements that bypass the
models (QuerySet.update, raw SQL, a careless script). Installed by migration 0001.
Allowed after locking: a fixed model may only become 'ersatt'; an issued statement may
only change its status and the dates that go with it.
"""

INSTALL = r"""
CREATE OR REPLACE FUNCTION billing_costmodel_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.state <> 'utkast' THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'billing: a fixed cost model cannot be deleted' USING ERRCODE = 'P0001';
        END IF;
        IF (to_jsonb(NEW) - 'state') IS DISTINCT FROM (to_jsonb(OLD) - 'state')
           OR NOT (NEW.state = OLD.state OR (OLD.state = 'faststalld' AND NEW.state = 'ersatt')) THEN
            RAISE EXCEPTION 'billing: a fixed cost model cannot be changed' USING ERRCODE = 'P0001';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION billing_model_child_guard() RETURNS trigger AS $$
DECLARE
    locked boolean;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT state <> 'utkast' INTO locked FROM billing_costmodel WHERE id = OLD.model_id;
        IF locked THEN
            RAISE EXCEPTION 'billing: % of a fixed cost model cannot be changed', TG_TABLE_NAME USING ERRCODE = 'P0001';
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT state <> 'utkast' INTO locked FROM billing_costmodel WHERE id = NEW.model_id;
        IF locked THEN
            RAISE EXCEPTION 'billing: % of a fixed cost model cannot be changed', TG_TABLE_NAME USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION billing_statement_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.number IS NOT NULL THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'billing: an issued statement cannot be deleted' USING ERRCODE = 'P0001';
        END IF;
        IF (to_jsonb(NEW) - 'status' - 'invoiced_at' - 'paid_at' - 'credited_at')
           IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'invoiced_at' - 'paid_at' - 'credited_at') THEN
            RAISE EXCEPTION 'billing: an issued statement cannot be changed' USING ERRCODE = 'P0001';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION billing_statementline_guard() RETURNS trigger AS $$
DECLARE
    locked boolean;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT number IS NOT NULL INTO locked FROM billing_statement WHERE id = OLD.statement_id;
        IF locked THEN
            RAISE EXCEPTION 'billing: a line of an issued statement cannot be changed' USING ERRCODE = 'P0001';
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT number IS NOT NULL INTO locked FROM billing_statement WHERE id = NEW.statement_id;
        IF locked THEN
            RAISE EXCEPTION 'billing: a line of an issued statement cannot be changed' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER billing_costmodel_guard BEFORE UPDATE OR DELETE ON billing_costmodel
    FOR EACH ROW EXECUTE FUNCTION billing_costmodel_guard();
CREATE TRIGGER billing_costline_guard BEFORE INSERT OR UPDATE OR DELETE ON billing_costline
    FOR EACH ROW EXECUTE FUNCTION billing_model_child_guard();
CREATE TRIGGER billing_costbase_guard BEFORE INSERT OR UPDATE OR DELETE ON billing_costbase
    FOR EACH ROW EXECUTE FUNCTION billing_model_child_guard();
CREATE TRIGGER billing_allocationrow_guard BEFORE INSERT OR UPDATE OR DELETE ON billing_allocationrow
    FOR EACH ROW EXECUTE FUNCTION billing_model_child_guard();
CREATE TRIGGER billing_statement_guard BEFORE UPDATE OR DELETE ON billing_statement
    FOR EACH ROW EXECUTE FUNCTION billing_statement_guard();
CREATE TRIGGER billing_statementline_guard BEFORE INSERT OR UPDATE OR DELETE ON billing_statementline
    FOR EACH ROW EXECUTE FUNCTION billing_statementline_guard();
"""

UNINSTALL = r"""
DROP TRIGGER IF EXISTS billing_statementline_guard ON billing_statementline;
DROP TRIGGER IF EXISTS billing_statement_guard ON billing_statement;
DROP TRIGGER IF EXISTS billing_allocationrow_guard ON billing_allocationrow;
DROP TRIGGER IF EXISTS billing_costbase_guard ON billing_costbase;
DROP TRIGGER IF EXISTS billing_costline_guard ON billing_costline;
DROP TRIGGER IF EXISTS billing_costmodel_guard ON billing_costmodel;
DROP FUNCTION IF EXISTS billing_statementline_guard();
DROP FUNCTION IF EXISTS billing_statement_guard();
DROP FUNCTION IF EXISTS billing_model_child_guard();
DROP FUNCTION IF EXISTS billing_costmodel_guard();
"""
