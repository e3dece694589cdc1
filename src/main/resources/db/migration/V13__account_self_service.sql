-- Buyers' self-service: password reset by an e-mailed single-use link.
-- Only a hash of the link's token is kept; the link is consumed (used_at) in the same statement
-- that changes the password, and expires at expires_at (the server's clock).
create table password_reset (
  id           uuid primary key,
  customer_id  uuid not null references customer(id),
  pos_id       uuid not null references point_of_sale(id),
  token_hash   text not null,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  used_at      timestamptz
);
create index password_reset_customer_idx on password_reset(customer_id, created_at);

-- The e-mail that carries a reset link: one kind and one subject more in V12's checks.
alter table mail_outbox add column reset_id uuid references password_reset(id);
alter table mail_outbox
  drop constraint mail_outbox_kind_check,
  drop constraint mail_outbox_subject_check,
  add constraint mail_outbox_kind_check
    check (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL', 'CODE_BATCH', 'WAITLIST_CONFIRM',
                    'WAITLIST_OFFER', 'PASSWORD_RESET')),
  add constraint mail_outbox_subject_check
    check (num_nonnulls(order_id, batch_id, waitlist_entry_id, waitlist_offer_id, reset_id) = 1
           and (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL')) = (order_id is not null)
           and (kind = 'CODE_BATCH') = (batch_id is not null)
           and (kind = 'WAITLIST_CONFIRM') = (waitlist_entry_id is not null)
           and (kind = 'WAITLIST_OFFER') = (waitlist_offer_id is not null)
           and (kind = 'PASSWORD_RESET') = (reset_id is not null));
