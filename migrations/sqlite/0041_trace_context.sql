-- Trace context of queued activities (sqlite). Keep in lockstep with migrations/postgres.
-- traceparent: the W3C trace context (00-<trace id>-<span id>-<flags>) of
-- the span that stored the activity, when the node exports traces over
-- OTLP; each delivery of the activity continues that trace, however much
-- later a worker makes it. NULL without trace export.
ALTER TABLE outgoing_activities ADD COLUMN traceparent TEXT;
