-- A checkout retried with its idempotency key finds its order in PostgreSQL even when its cart is
-- gone from the grid (a restart, the loss of the node that held it, its deadline passed). The
-- order keeps the hash of the cart's secret, so the retry proves it is the cart's buyer without
-- the cart. Orders written before this column have none: only their buyer's session finds them.
alter table orders add column cart_secret_hash bytea;
