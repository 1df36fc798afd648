// CSV, one row per event, for spreadsheets and scripts; and the file writer that picks a format
// by the file's extension.
#include <algorithm>
#include <cerrno>
#include <fstream>

#include "trace/trace_sinks.hpp"

namespace ioscope {

void write_csv(std::vector<TraceEvent> events, std::ostream& out) {
  std::stable_sort(events.begin(), events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
  out << "t_ns,lane,track,kind,sys,fd,conn,value,aux,err,flags\n";
  for (const auto& e : events) {
    out << e.t_ns << ',' << to_string(e.lane) << ',' << e.track << ',' << to_string(e.kind) << ','
        << to_string(e.sys) << ',' << e.fd << ',' << e.conn << ',' << e.value << ',' << e.aux << ','
        << e.err << ',' << unsigned{e.flags} << '\n';
  }
}

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Error cannot_write(const std::string& path, const std::string& why) {
  return Error{"cannot write the trace to '" + path + "': " + why};
}

}  // namespace

std::optional<Error> write_trace_file(const std::string& path, std::vector<TraceEvent> events,
                                      const TraceMeta& meta) {
  const bool json = ends_with(path, ".json");
  if (!json && !ends_with(path, ".csv"))
    return cannot_write(path, "the file name must end in .json or .csv");
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return cannot_write(path, errno != 0 ? errno_text(errno) : "it cannot be opened");
  if (json) {
    write_chrome_json(std::move(events), meta, out);
  } else {
    write_csv(std::move(events), out);
  }
  out.close();
  if (!out) return cannot_write(path, errno != 0 ? errno_text(errno) : "the write failed");
  return std::nullopt;
}

}  // namespace ioscope
