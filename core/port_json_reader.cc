// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Typed, field-naming readers of JSON values.

#include "core/port_json_reader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status_macros.h"

namespace pm::port_json_internal {

absl::Status FieldError(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

std::string Shown(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Fails on a key of `object` not in `known`.
absl::Status CheckKeys(const Json& object, absl::string_view field,
                       std::initializer_list<const char*> known) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool found = false;
    for (const char* k : known) found = found || it.key() == k;
    if (!found) {
      return FieldError(absl::StrCat(field, ".", it.key()),
                        absl::StrCat("unknown key (expected ",
                                     absl::StrJoin(known, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Unsigned(const Json& v, const std::string& field) {
  if (!v.is_number_integer() ||
      (!v.is_number_unsigned() && v.get<int64_t>() < 0)) {
    return FieldError(field,
                      absl::StrCat("expected a whole number, got ", Shown(v)));
  }
  return v.get<uint64_t>();
}

absl::StatusOr<uint16_t> Port(const Json& v, const std::string& field) {
  if (v.is_number_integer()) {
    const bool negative = !v.is_number_unsigned() && v.get<int64_t>() < 0;
    if (negative || v.get<uint64_t>() == 0 || v.get<uint64_t>() > 65535) {
      return FieldError(field, absl::StrCat(Shown(v), " is not a port"));
    }
    return static_cast<uint16_t>(v.get<uint64_t>());
  }
  return FieldError(field,
                    absl::StrCat("expected a port number, got ", Shown(v)));
}

absl::StatusOr<std::string> String(const Json& v, const std::string& field) {
  if (!v.is_string()) {
    return FieldError(field, absl::StrCat("expected a string, got ", Shown(v)));
  }
  return v.get<std::string>();
}

absl::StatusOr<bool> Bool(const Json& v, const std::string& field) {
  if (!v.is_boolean()) {
    return FieldError(field,
                      absl::StrCat("expected true or false, got ", Shown(v)));
  }
  return v.get<bool>();
}

absl::StatusOr<Protocol> ProtocolOf(const Json& v, const std::string& field) {
  PM_ASSIGN_OR_RETURN(std::string text, String(v, field));
  if (text == "tcp") return Protocol::kTcp;
  if (text == "udp") return Protocol::kUdp;
  return FieldError(field, absl::StrCat("'", text,
                                        "' is not a protocol: expected "
                                        "\"tcp\" or \"udp\""));
}

// Parses `text`, turning nlohmann's parse_error into InvalidArgument.
absl::StatusOr<Json> ParseJson(absl::string_view text) {
  // Why: nlohmann reports the position only through its exception; it is
  // caught here and never leaves this function.
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    absl::string_view what = e.what();
    size_t at = what.find("parse error at ");
    if (at != absl::string_view::npos) {
      what.remove_prefix(at + std::string("parse error at ").size());
    }
    return absl::InvalidArgumentError(std::string(what));
  }
}

}  // namespace pm::port_json_internal
