// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortsDocument <-> JSON (nlohmann), with field-naming validation.

#include "core/port_json.h"

#include <cstdint>
#include <initializer_list>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "core/port_json_reader.h"
#include "core/status_macros.h"
#include "nlohmann/json.hpp"

namespace pm {
namespace {

using port_json_internal::Bool;
using port_json_internal::CheckKeys;
using port_json_internal::FieldError;
using port_json_internal::Json;
using port_json_internal::ParseJson;
using port_json_internal::Port;
using port_json_internal::ProtocolOf;
using port_json_internal::Shown;
using port_json_internal::String;
using port_json_internal::Unsigned;

// RFC 3339 in UTC with a "Z" and as many fraction digits as needed.
constexpr char kRfc3339Utc[] = "%Y-%m-%d%ET%H:%M:%E*SZ";

absl::StatusOr<ServiceConfig> ParseService(const Json& v,
                                           const std::string& field) {
  if (!v.is_object()) {
    return FieldError(field,
                      absl::StrCat("expected an object, got ", Shown(v)));
  }
  PM_RETURN_IF_ERROR(
      CheckKeys(v, field,
                {"name", "service", "default_port", "range", "required",
                 "description", "protocol", "host"}));
  ServiceConfig service;
  const char* name_key = v.contains("name") ? "name" : "service";
  if (v.contains("name") && v.contains("service")) {
    return FieldError(field + ".service",
                      "give \"name\" or \"service\", not both");
  }
  if (!v.contains(name_key)) return FieldError(field + ".name", "missing");
  PM_ASSIGN_OR_RETURN(service.name,
                      String(v[name_key], absl::StrCat(field, ".", name_key)));
  if (!v.contains("default_port")) {
    return FieldError(field + ".default_port", "missing");
  }
  PM_ASSIGN_OR_RETURN(service.default_port,
                      Port(v["default_port"], field + ".default_port"));
  if (v.contains("range") && !v["range"].is_null()) {
    const Json& range = v["range"];
    if (!range.is_array() || range.size() != 2) {
      return FieldError(
          field + ".range",
          absl::StrCat("expected [first, last], got ", Shown(range)));
    }
    PortRange parsed;
    PM_ASSIGN_OR_RETURN(parsed.first, Port(range[0], field + ".range[0]"));
    PM_ASSIGN_OR_RETURN(parsed.last, Port(range[1], field + ".range[1]"));
    service.range = parsed;
  }
  if (v.contains("required")) {
    PM_ASSIGN_OR_RETURN(service.required,
                        Bool(v["required"], field + ".required"));
  }
  if (v.contains("description")) {
    PM_ASSIGN_OR_RETURN(service.description,
                        String(v["description"], field + ".description"));
  }
  if (v.contains("protocol")) {
    PM_ASSIGN_OR_RETURN(service.protocol,
                        ProtocolOf(v["protocol"], field + ".protocol"));
  }
  if (v.contains("host")) {
    PM_ASSIGN_OR_RETURN(service.host, String(v["host"], field + ".host"));
  }
  return service;
}

absl::StatusOr<AllocationRecord> ParseAllocation(const Json& v,
                                                 const std::string& field) {
  if (!v.is_object()) {
    return FieldError(field,
                      absl::StrCat("expected an object, got ", Shown(v)));
  }
  PM_RETURN_IF_ERROR(
      CheckKeys(v, field,
                {"service", "port", "requested_port", "protocol", "host",
                 "allocated_at", "pid", "start_token", "persistent"}));
  for (const char* key : {"service", "port"}) {
    if (!v.contains(key))
      return FieldError(absl::StrCat(field, ".", key), "missing");
  }
  AllocationRecord record;
  PM_ASSIGN_OR_RETURN(record.service, String(v["service"], field + ".service"));
  PM_ASSIGN_OR_RETURN(record.port, Port(v["port"], field + ".port"));
  record.requested_port = record.port;
  if (v.contains("requested_port")) {
    PM_ASSIGN_OR_RETURN(record.requested_port,
                        Port(v["requested_port"], field + ".requested_port"));
  }
  if (v.contains("protocol")) {
    PM_ASSIGN_OR_RETURN(record.protocol,
                        ProtocolOf(v["protocol"], field + ".protocol"));
  }
  if (v.contains("host")) {
    PM_ASSIGN_OR_RETURN(record.host, String(v["host"], field + ".host"));
  }
  if (v.contains("allocated_at")) {
    PM_ASSIGN_OR_RETURN(std::string text,
                        String(v["allocated_at"], field + ".allocated_at"));
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, text, &record.allocated_at,
                         &error)) {
      return FieldError(field + ".allocated_at",
                        absl::StrCat("'", text, "' is not an RFC 3339 time"));
    }
  }
  if (v.contains("pid")) {
    PM_ASSIGN_OR_RETURN(uint64_t pid, Unsigned(v["pid"], field + ".pid"));
    record.pid = static_cast<Pid>(pid);
  }
  if (v.contains("start_token")) {
    PM_ASSIGN_OR_RETURN(record.start_token,
                        Unsigned(v["start_token"], field + ".start_token"));
  }
  if (v.contains("persistent")) {
    PM_ASSIGN_OR_RETURN(record.persistent,
                        Bool(v["persistent"], field + ".persistent"));
  }
  return record;
}

}  // namespace

absl::StatusOr<PortsDocument> ParsePortsDocument(absl::string_view text) {
  PM_ASSIGN_OR_RETURN(Json root, ParseJson(text));
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a JSON object, got ", Shown(root)));
  }
  PM_RETURN_IF_ERROR(
      CheckKeys(root, "document", {"version", "services", "allocations"}));
  if (root.contains("version") && root["version"] != 1) {
    return FieldError("version", absl::StrCat(Shown(root["version"]),
                                              " is not a version pm reads "
                                              "(expected 1)"));
  }
  PortsDocument document;
  for (const char* list : {"services", "allocations"}) {
    if (root.contains(list) && !root[list].is_array()) {
      return FieldError(
          list, absl::StrCat("expected an array, got ", Shown(root[list])));
    }
  }
  if (root.contains("services")) {
    const Json& services = root["services"];
    for (size_t i = 0; i < services.size(); ++i) {
      PM_ASSIGN_OR_RETURN(
          ServiceConfig service,
          ParseService(services[i], absl::StrCat("services[", i, "]")));
      document.config.services.push_back(std::move(service));
    }
  }
  PM_RETURN_IF_ERROR(ValidateConfig(document.config));
  if (root.contains("allocations")) {
    const Json& allocations = root["allocations"];
    for (size_t i = 0; i < allocations.size(); ++i) {
      PM_ASSIGN_OR_RETURN(
          AllocationRecord record,
          ParseAllocation(allocations[i],
                          absl::StrCat("allocations[", i, "]")));
      document.allocations.push_back(std::move(record));
    }
  }
  return document;
}

std::string SerializePortsDocument(const PortsDocument& document) {
  Json services = Json::array();
  for (const ServiceConfig& s : document.config.services) {
    services.push_back(
        Json{{"name", s.name},
             {"default_port", s.default_port},
             {"range", s.range.has_value()
                           ? Json::array({s.range->first, s.range->last})
                           : Json(nullptr)},
             {"required", s.required},
             {"description", s.description},
             {"protocol", std::string(ProtocolName(s.protocol))},
             {"host", s.host}});
  }
  Json allocations = Json::array();
  for (const AllocationRecord& a : document.allocations) {
    allocations.push_back(Json{
        {"service", a.service},
        {"port", a.port},
        {"requested_port", a.requested_port},
        {"protocol", std::string(ProtocolName(a.protocol))},
        {"host", a.host},
        {"allocated_at",
         absl::FormatTime(kRfc3339Utc, a.allocated_at, absl::UTCTimeZone())},
        {"pid", a.pid},
        {"start_token", a.start_token},
        {"persistent", a.persistent}});
  }
  Json root{{"version", 1},
            {"services", std::move(services)},
            {"allocations", std::move(allocations)}};
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

absl::StatusOr<PortsDocument> LoadPortsFile(StateIo& io,
                                            const std::string& path) {
  PM_ASSIGN_OR_RETURN(std::string text, io.ReadFile(path));
  absl::StatusOr<PortsDocument> document = ParsePortsDocument(text);
  if (!document.ok()) {
    return absl::Status(document.status().code(),
                        absl::StrCat(path, ": ", document.status().message()));
  }
  return document;
}

absl::Status SavePortsFile(StateIo& io, const std::string& path,
                           const PortsDocument& document) {
  absl::Status valid = ValidateConfig(document.config);
  if (!valid.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not saved to ", path, ": ", valid.message()));
  }
  return io.WriteFileAtomically(path, SerializePortsDocument(document));
}

}  // namespace pm
