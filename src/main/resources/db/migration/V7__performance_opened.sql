-- When a performance's seats were first opened in the grid (its plan computed from its quotas).
-- Quotas are set before that: every node plans the performance from the same quota rows, and a
-- quota added later would put its seats in different places on nodes that opened it before.
alter table performance add column opened_at timestamptz;
