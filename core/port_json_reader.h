// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Internal to core/port_json.cc: typed readers of nlohmann JSON values whose
// errors name the field ("services[2].range[1]: 70000 is not a port").

#ifndef PM_CORE_PORT_JSON_READER_H_
#define PM_CORE_PORT_JSON_READER_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/socket.h"
#include "nlohmann/json.hpp"

namespace pm::port_json_internal {

using Json = nlohmann::ordered_json;

// InvalidArgument "<field>: <what>".
absl::Status FieldError(absl::string_view field, absl::string_view what);

// The value as compact JSON text, for messages (invalid UTF-8 replaced).
std::string Shown(const Json& value);

// Fails naming "<field>.<key>" for a key of `object` not in `known`.
absl::Status CheckKeys(const Json& object, absl::string_view field,
                       std::initializer_list<const char*> known);

// Each reads one value or fails naming `field` and what was found instead.
absl::StatusOr<uint64_t> Unsigned(const Json& v, const std::string& field);
absl::StatusOr<uint16_t> Port(const Json& v, const std::string& field);
absl::StatusOr<std::string> String(const Json& v, const std::string& field);
absl::StatusOr<bool> Bool(const Json& v, const std::string& field);
// "tcp" or "udp".
absl::StatusOr<Protocol> ProtocolOf(const Json& v, const std::string& field);

// Parses JSON text; bad JSON is InvalidArgument "line L, column C: ...".
absl::StatusOr<Json> ParseJson(absl::string_view text);

}  // namespace pm::port_json_internal

#endif  // PM_CORE_PORT_JSON_READER_H_
