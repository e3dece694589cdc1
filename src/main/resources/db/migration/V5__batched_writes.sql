-- Cheaper rows per order, for every way of writing them (the functions that write them, with
-- their time-ordered ticket ids and set-based group commits, are in R__order_write.sql).

-- A ticket belongs to its order line, which belongs to the order and refers to the performance
-- and the tariff: one foreign key checks what two did (the ticket's performance is copied from its
-- line in the statement that writes both). Each foreign key is a lookup and a row lock per row.
alter table ticket
  drop constraint ticket_order_id_fkey,
  drop constraint ticket_performance_id_fkey,
  add constraint ticket_order_line_fkey foreign key (order_id, line_no)
    references order_line(order_id, line_no);
