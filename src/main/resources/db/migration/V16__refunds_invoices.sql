-- Cancellations of paid orders and their refunds.
--
-- An operator (or the buyer, where the point of sale allows it) cancels a paid order, whole or some
-- of its tickets, in one transaction: the tickets become CANCELLED (a scan racing it takes the same
-- row lock: exactly one of them wins), the cancellation row says what was cancelled, why, and where
-- the money goes (the card, the buyer's credit, nowhere), the refund row to the card is written
-- before the provider is called (its id is the key the provider call carries, so a retry never
-- refunds twice), and the buyer's e-mail is queued.

create table order_cancellation (
  id               uuid primary key,
  order_id         uuid not null references orders(id),
  -- the caller's Idempotency-Key: the same key on the same order is the same cancellation
  idempotency_key  text not null,
  -- the order lines whose tickets it cancelled
  lines            integer[] not null,
  whole            boolean not null,
  by_buyer         boolean not null,
  reason           text not null,
  refund_to        text not null check (refund_to in ('CARD', 'CREDIT', 'NONE')),
  currency         char(3) not null,
  -- what is given back, and how it is split: to the card, to the buyer's credit
  amount           bigint not null check (amount >= 0),
  to_card          bigint not null check (to_card >= 0),
  to_credit        bigint not null check (to_credit >= 0),
  check (to_card + to_credit <= amount),
  created_at       timestamptz not null,
  unique (order_id, idempotency_key)
);
create index order_cancellation_order_idx on order_cancellation(order_id, created_at);

alter table ticket add column cancellation_id uuid references order_cancellation(id);

-- A refund to the card through the payment provider. PENDING: written, the provider not answered
-- yet (or the node died meanwhile); REFUNDED; FAILED: the provider refused (retry by hand);
-- UNKNOWN: no answer before the deadline (the retry carries the same key).
create table refund (
  id               uuid primary key,
  cancellation_id  uuid not null unique references order_cancellation(id),
  order_id         uuid not null references orders(id),
  organizer_id     uuid not null references organizer(id),
  payment_id       uuid not null references payment(id),
  pay_id           text not null,
  amount           bigint not null check (amount > 0),
  currency         char(3) not null,
  status           text not null check (status in ('PENDING', 'REFUNDED', 'FAILED', 'UNKNOWN')),
  attempts         integer not null default 0,
  last_error       text,
  -- the node calling the provider holds this lease: no two nodes call for one refund at once
  lease_until      timestamptz,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  refunded_at      timestamptz
);
create index refund_organizer_idx on refund(organizer_id, created_at);
create index refund_open_idx on refund(updated_at) where status in ('PENDING', 'UNKNOWN');

-- The e-mail that tells the buyer of a cancellation: one kind and one subject more in the outbox.
alter table mail_outbox add column cancellation_id uuid references order_cancellation(id);
alter table mail_outbox
  drop constraint mail_outbox_kind_check,
  drop constraint mail_outbox_subject_check,
  add constraint mail_outbox_kind_check
    check (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL', 'CODE_BATCH', 'WAITLIST_CONFIRM',
                    'WAITLIST_OFFER', 'PASSWORD_RESET', 'ORDER_CANCELLED')),
  add constraint mail_outbox_subject_check
    check (num_nonnulls(order_id, batch_id, waitlist_entry_id, waitlist_offer_id, reset_id,
                        cancellation_id) = 1
           and (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL')) = (order_id is not null)
           and (kind = 'CODE_BATCH') = (batch_id is not null)
           and (kind = 'WAITLIST_CONFIRM') = (waitlist_entry_id is not null)
           and (kind = 'WAITLIST_OFFER') = (waitlist_offer_id is not null)
           and (kind = 'PASSWORD_RESET') = (reset_id is not null)
           and (kind = 'ORDER_CANCELLED') = (cancellation_id is not null));
