-- articles_queue_idx (status, create_time, id) served the queue of 0001,
-- oldest submission first. Since 0002 the queue pages by update_sequence
-- (articles_update_sequence_idx, articles_status_sequence_idx) and no query
-- reads create_time in that order: the index was only written, on every
-- submission and every change of status.
DROP INDEX articles_queue_idx;
