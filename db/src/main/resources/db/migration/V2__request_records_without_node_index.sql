-- A fleet has few nodes: an index on node_url sorts every record into a handful of long runs,
-- and costs each insert a B-tree update (on H2, two: at the insert and at the commit), about a
-- sixth of the cost of writing a record. A node's records over a time range are found through
-- request_records_created and filtered.
DROP INDEX request_records_node;
