-- Live settings: channels and points of sale switch off and on without being deleted (off: no new
-- carts, holds or checkouts; orders already made finish).
alter table sales_channel add column enabled boolean not null default true;
alter table point_of_sale add column enabled boolean not null default true;

-- Buyers' sessions, stored so that they can end: a password change ends the account's other
-- sessions, a password reset all of them. The token names its row; a token whose row is gone is
-- refused (each node remembers a row's presence for a few seconds: see AccountService).
create table account_session (
  id           uuid primary key,
  customer_id  uuid not null references customer(id),
  created_at   timestamptz not null,
  expires_at   timestamptz not null
);
create index account_session_customer_idx on account_session(customer_id);

-- A password reset request answers before its statement runs (so that its timing does not tell a
-- known address from another); requests of one account may then run at once, so their limit per
-- hour is counted on the account's row, which one statement at a time updates.
alter table customer
  add column reset_window_start timestamptz,
  add column resets_in_window integer not null default 0;
