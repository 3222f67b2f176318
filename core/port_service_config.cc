// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ServiceConfig validation and environment variable names.

#include "core/port_service_config.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/port_probe.h"

namespace pm {
namespace {

constexpr size_t kMaxNameLength = 64;

bool IsServiceName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  if (!absl::ascii_isalpha(name.front())) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

absl::Status FieldError(absl::string_view field, absl::string_view key,
                        absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ".", key, ": ", what));
}

}  // namespace

absl::Status ValidateService(const ServiceConfig& service,
                             absl::string_view field) {
  if (!IsServiceName(service.name)) {
    return FieldError(
        field, "name",
        absl::StrCat("'", service.name,
                     "' is not a service name: start with a letter, then use "
                     "letters, digits, '-', '_' and '.' (at most ",
                     kMaxNameLength, " characters)"));
  }
  if (service.default_port == 0) {
    return FieldError(field, "default_port", "0 is not a port");
  }
  if (service.range.has_value()) {
    const PortRange& range = *service.range;
    if (range.first == 0)
      return FieldError(field, "range[0]", "0 is not a port");
    if (range.first > range.last) {
      return FieldError(
          field, "range",
          absl::StrCat(range.first, "-", range.last,
                       " is empty: the first port must not exceed the last"));
    }
  }
  absl::StatusOr<ProbeHost> host = ParseProbeHost(service.host);
  if (!host.ok()) return FieldError(field, "host", host.status().message());
  return absl::OkStatus();
}

absl::Status ValidateConfig(const PortManagerConfig& config) {
  std::map<std::string, size_t> by_name;
  std::map<std::string, size_t> by_variable;
  for (size_t i = 0; i < config.services.size(); ++i) {
    const ServiceConfig& service = config.services[i];
    const std::string field = absl::StrCat("services[", i, "]");
    absl::Status valid = ValidateService(service, field);
    if (!valid.ok()) return valid;
    auto [named, fresh_name] = by_name.emplace(service.name, i);
    if (!fresh_name) {
      return FieldError(
          field, "name",
          absl::StrCat("'", service.name, "' is defined twice ",
                       "(first in services[", named->second, "])"));
    }
    const std::string variable = PortEnvVarName(service.name);
    auto [other, fresh_variable] = by_variable.emplace(variable, i);
    if (!fresh_variable) {
      return FieldError(
          field, "name",
          absl::StrCat("'", service.name, "' has the environment variable ",
                       variable, " of services[", other->second, "] ('",
                       config.services[other->second].name, "')"));
    }
  }
  return absl::OkStatus();
}

std::string PortEnvVarName(absl::string_view service) {
  std::string out;
  out.reserve(service.size() + 5);
  for (char c : service) {
    out.push_back(absl::ascii_isalnum(c) ? absl::ascii_toupper(c) : '_');
  }
  out += "_PORT";
  return out;
}

const ServiceConfig* FindService(const PortManagerConfig& config,
                                 absl::string_view name) {
  for (const ServiceConfig& service : config.services) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

}  // namespace pm
