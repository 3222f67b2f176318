// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Lock records and second-instance requests.

#include "core/instance_lock_format.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace pm {
namespace {

constexpr absl::string_view kRecordHeader = "pm-instance-lock 1";
constexpr absl::string_view kRequestTag = "pm-second-instance-1";
constexpr size_t kMaxArgs = 4096;

std::string Printable(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c))) c = '?';
  }
  return out;
}

void AppendNetstring(std::string* out, absl::string_view field) {
  absl::StrAppend(out, field.size(), ":", field, ",");
}

// Reads one netstring from the front of `*data`, advancing it.
absl::StatusOr<absl::string_view> TakeNetstring(absl::string_view* data) {
  size_t colon = data->find(':');
  if (colon == absl::string_view::npos || colon == 0 || colon > 10) {
    return absl::InvalidArgumentError(
        "second-instance request: malformed netstring length");
  }
  uint64_t length = 0;
  for (char c : data->substr(0, colon)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(
          "second-instance request: malformed netstring length");
    }
    length = length * 10 + static_cast<uint64_t>(c - '0');
  }
  if (data->size() - colon - 1 < length + 1 ||
      (*data)[colon + 1 + length] != ',') {
    return absl::InvalidArgumentError(
        "second-instance request: truncated netstring");
  }
  absl::string_view field = data->substr(colon + 1, length);
  data->remove_prefix(colon + 2 + length);
  return field;
}

absl::StatusOr<uint64_t> TakeNumber(absl::string_view* data,
                                    absl::string_view what) {
  absl::StatusOr<absl::string_view> field = TakeNetstring(data);
  if (!field.ok()) return field.status();
  uint64_t value = 0;
  if (field->empty() || !absl::SimpleAtoi(*field, &value) ||
      !absl::ascii_isdigit(static_cast<unsigned char>((*field)[0]))) {
    return absl::InvalidArgumentError(
        absl::StrCat("second-instance request: bad ", what));
  }
  return value;
}

}  // namespace

absl::Status ValidateAppName(absl::string_view app) {
  bool ok = !app.empty() && app.size() <= 64 && app[0] != '.';
  for (char c : app) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != '-') {
      ok = false;
    }
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "'", Printable(app.substr(0, 80)),
      "' is not an application name: use 1 to 64 characters of A-Z a-z 0-9 "
      ". _ - (not starting with '.')"));
}

std::string FormatLockRecord(const LockHolder& holder) {
  return absl::StrCat(
      kRecordHeader, "\npid ", holder.pid, "\nstart_token ", holder.start_token,
      "\nstart_time_unix_us ", absl::ToUnixMicros(holder.start_time), "\nhost ",
      Printable(holder.host), "\napp ", Printable(holder.app), "\n");
}

absl::StatusOr<LockHolder> ParseLockRecord(absl::string_view text,
                                           absl::string_view path) {
  auto invalid = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("lock file ", path, ": ", why));
  };
  if (text.empty()) {
    return absl::NotFoundError(
        absl::StrCat("lock file ", path, " records no holder"));
  }
  std::vector<absl::string_view> lines =
      absl::StrSplit(text, '\n', absl::SkipEmpty());
  if (lines.empty() || lines[0] != kRecordHeader) {
    return invalid(absl::StrCat("not a pm lock record (expected '",
                                kRecordHeader, "' first)"));
  }
  std::map<absl::string_view, absl::string_view> fields;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(lines[i], absl::MaxSplits(' ', 1));
    if (!fields.emplace(kv.first, kv.second).second) {
      return invalid(absl::StrCat("key '", Printable(kv.first), "' repeated"));
    }
  }
  for (absl::string_view key :
       {"pid", "start_token", "start_time_unix_us", "host", "app"}) {
    if (fields.count(key) == 0) {
      return invalid(absl::StrCat("key '", key, "' missing"));
    }
  }
  LockHolder holder;
  int64_t micros = 0;
  if (!absl::SimpleAtoi(fields["pid"], &holder.pid) || holder.pid <= 0) {
    return invalid(absl::StrCat("bad pid '", Printable(fields["pid"]), "'"));
  }
  if (!absl::SimpleAtoi(fields["start_token"], &holder.start_token)) {
    return invalid("bad start_token");
  }
  if (!absl::SimpleAtoi(fields["start_time_unix_us"], &micros)) {
    return invalid("bad start_time_unix_us");
  }
  holder.start_time = absl::FromUnixMicros(micros);
  holder.host = std::string(fields["host"]);
  holder.app = std::string(fields["app"]);
  return holder;
}

std::string EncodeSecondInstanceRequest(const SecondInstanceRequest& request) {
  std::string out;
  AppendNetstring(&out, kRequestTag);
  AppendNetstring(&out, absl::StrCat(request.pid));
  AppendNetstring(&out, request.cwd);
  AppendNetstring(&out, absl::StrCat(request.argv.size()));
  for (const std::string& arg : request.argv) AppendNetstring(&out, arg);
  return out;
}

absl::StatusOr<SecondInstanceRequest> DecodeSecondInstanceRequest(
    absl::string_view data) {
  absl::StatusOr<absl::string_view> tag = TakeNetstring(&data);
  if (!tag.ok()) return tag.status();
  if (*tag != kRequestTag) {
    return absl::InvalidArgumentError(
        "second-instance request: unknown tag (not a pm request)");
  }
  SecondInstanceRequest request;
  absl::StatusOr<uint64_t> pid = TakeNumber(&data, "pid");
  if (!pid.ok()) return pid.status();
  request.pid = static_cast<Pid>(*pid);
  absl::StatusOr<absl::string_view> cwd = TakeNetstring(&data);
  if (!cwd.ok()) return cwd.status();
  request.cwd = std::string(*cwd);
  absl::StatusOr<uint64_t> argc = TakeNumber(&data, "argc");
  if (!argc.ok()) return argc.status();
  if (*argc > kMaxArgs) {
    return absl::InvalidArgumentError(absl::StrCat(
        "second-instance request: argc ", *argc, " over ", kMaxArgs));
  }
  for (uint64_t i = 0; i < *argc; ++i) {
    absl::StatusOr<absl::string_view> arg = TakeNetstring(&data);
    if (!arg.ok()) return arg.status();
    request.argv.emplace_back(*arg);
  }
  if (!data.empty()) {
    return absl::InvalidArgumentError(
        "second-instance request: bytes after the last argument");
  }
  return request;
}

}  // namespace pm
