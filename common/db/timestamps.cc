#include "common/db/timestamps.h"

#include <cmath>
#include <cstdint>

namespace medbrief::db {

void SetTimestamp(double epoch_seconds, google::protobuf::Timestamp* out) {
  const int64_t micros = static_cast<int64_t>(std::llround(epoch_seconds * 1e6));
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {  // before 1970: nanos stay non-negative
    rest += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

}  // namespace medbrief::db
