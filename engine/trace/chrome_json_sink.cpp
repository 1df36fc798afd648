// PLACEHOLDER
#include "trace/trace_sinks.hpp"
namespace ioscope {
void write_chrome_json(std::vector<TraceEvent>, const TraceMeta&, std::ostream& out) { out << "{\"traceEvents\":[]}\n"; }
}  // namespace ioscope
