-- A host application's own migration, run by its own Flyway under flyway_schema_history (SchemaCoexistenceTest).
CREATE TABLE host_orders (order_id INTEGER PRIMARY KEY, placed_by VARCHAR(100) NOT NULL);
