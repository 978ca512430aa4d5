#pragma once

// Timestamps read from PostgreSQL as `extract(epoch FROM t)::float8`
// (microsecond precision) into protobuf Timestamps.

#include "google/protobuf/timestamp.pb.h"

namespace medbrief::db {

void SetTimestamp(double epoch_seconds, google::protobuf::Timestamp* out);

}  // namespace medbrief::db
