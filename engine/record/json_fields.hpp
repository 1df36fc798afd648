// Reads the fields of a JSON object handed over by someone else (a recording's metadata) into
// C++ values, strictly: a field of the wrong type or out of range is an error naming its path
// ("runs[0].scenario.clients must be a whole number between ... and ..."), never a silent zero or
// an exception. A missing field leaves the value as it was, so older and newer files still read.
#pragma once

#include <nlohmann/json.hpp>

#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace ioscope::record {

class JsonFields {
 public:
  // object must outlive this; error collects the first problem of this object and its children.
  JsonFields(const nlohmann::json& object, std::string path, std::string& error);

  void get(const char* key, std::string& out);
  void get(const char* key, bool& out);
  template <std::integral T>
  void get(const char* key, T& out) {
    const nlohmann::json* v = find(key);
    if (v == nullptr) return;
    const auto range = [&] {
      return " between " + std::to_string(std::numeric_limits<T>::min()) + " and " +
             std::to_string(std::numeric_limits<T>::max());
    };
    if (v->is_number_unsigned()) {
      const auto n = v->get<std::uint64_t>();
      if (std::in_range<T>(n)) {
        out = static_cast<T>(n);
        return;
      }
    } else if (v->is_number_integer()) {
      const auto n = v->get<std::int64_t>();
      if (std::in_range<T>(n)) {
        out = static_cast<T>(n);
        return;
      }
    }
    fail(key, "must be a whole number" + range());
  }

  // A nested object; an empty one when absent (or, after an error, not an object).
  JsonFields object(const char* key);
  // A nested array; an empty one when absent (or, after an error, not an array).
  const nlohmann::json& array(const char* key);
  // An element of an array (from array()) that must be an object.
  JsonFields element(const char* key, std::size_t index, const nlohmann::json& item);

  // Records a problem with key's value (the first problem wins).
  void fail(const char* key, const std::string& what);
  const nlohmann::json* find(const char* key) const;
  const std::string& path() const { return path_; }
  bool ok() const { return error_.empty(); }

 private:
  std::string path_of(const char* key) const;

  const nlohmann::json& object_;
  std::string path_;
  std::string& error_;
};

}  // namespace ioscope::record
