-- The outbox's e-mails of both the waiting list (V10: an entry's confirmation, an offer) and the
-- batches of single-use codes (V11: each replaced the kind check with its own list, and V10's
-- "one subject" check did not know batch_id). One kind check and one subject check for all: an
-- e-mail is about exactly one thing, the one its kind names.
alter table mail_outbox
  drop constraint mail_outbox_kind_check,
  drop constraint mail_outbox_subject_check,
  add constraint mail_outbox_kind_check
    check (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL', 'CODE_BATCH', 'WAITLIST_CONFIRM',
                    'WAITLIST_OFFER')),
  add constraint mail_outbox_subject_check
    check (num_nonnulls(order_id, batch_id, waitlist_entry_id, waitlist_offer_id) = 1
           and (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL')) = (order_id is not null)
           and (kind = 'CODE_BATCH') = (batch_id is not null)
           and (kind = 'WAITLIST_CONFIRM') = (waitlist_entry_id is not null)
           and (kind = 'WAITLIST_OFFER') = (waitlist_offer_id is not null));
