#include "record/json_fields.hpp"

namespace ioscope::record {

namespace {
const nlohmann::json& empty_object() {
  static const nlohmann::json o = nlohmann::json::object();
  return o;
}
const nlohmann::json& empty_array() {
  static const nlohmann::json a = nlohmann::json::array();
  return a;
}
}  // namespace

JsonFields::JsonFields(const nlohmann::json& object, std::string path, std::string& error)
    : object_(object.is_object() ? object : empty_object()),
      path_(std::move(path)),
      error_(error) {}

std::string JsonFields::path_of(const char* key) const {
  return path_.empty() ? std::string(key) : path_ + "." + key;
}

const nlohmann::json* JsonFields::find(const char* key) const {
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

void JsonFields::fail(const char* key, const std::string& what) {
  if (error_.empty()) error_ = path_of(key) + " " + what;
}

void JsonFields::get(const char* key, std::string& out) {
  const nlohmann::json* v = find(key);
  if (v == nullptr) return;
  if (v->is_string())
    out = v->get<std::string>();
  else
    fail(key, "must be a string");
}

void JsonFields::get(const char* key, bool& out) {
  const nlohmann::json* v = find(key);
  if (v == nullptr) return;
  if (v->is_boolean())
    out = v->get<bool>();
  else
    fail(key, "must be true or false");
}

JsonFields JsonFields::object(const char* key) {
  const nlohmann::json* v = find(key);
  if (v != nullptr && !v->is_object()) fail(key, "must be an object");
  return JsonFields(v != nullptr && v->is_object() ? *v : empty_object(), path_of(key), error_);
}

const nlohmann::json& JsonFields::array(const char* key) {
  const nlohmann::json* v = find(key);
  if (v == nullptr) return empty_array();
  if (!v->is_array()) {
    fail(key, "must be a list");
    return empty_array();
  }
  return *v;
}

JsonFields JsonFields::element(const char* key, std::size_t index, const nlohmann::json& item) {
  const std::string at = path_of(key) + "[" + std::to_string(index) + "]";
  if (!item.is_object() && error_.empty()) error_ = at + " must be an object";
  return JsonFields(item, at, error_);
}

}  // namespace ioscope::record
