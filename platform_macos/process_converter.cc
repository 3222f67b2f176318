// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcessInfoFromBsd and its helpers: no system calls.

#include "platform_macos/process_converter.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace pm::macos {

std::string FixedCString(const char* field, size_t size) {
  const void* nul = std::memchr(field, '\0', size);
  size_t length =
      nul == nullptr
          ? size
          : static_cast<size_t>(static_cast<const char*>(nul) - field);
  return std::string(field, length);
}

uint64_t StartTokenFromTimeval(uint64_t start_sec, uint64_t start_usec) {
  return start_sec * 1000000 + start_usec;
}

ProcessInfo ProcessInfoFromBsd(const BsdProcessRecord& record) {
  ProcessInfo info;
  info.pid = record.pid;
  info.ppid = record.ppid;
  info.name = record.name.empty() ? record.comm : record.name;
  info.exe = record.exe;
  info.cmdline = record.cmdline;
  info.uid = record.uid;
  info.user = record.user.empty() ? absl::StrCat(record.uid) : record.user;
  info.start_token = StartTokenFromTimeval(record.start_sec, record.start_usec);
  info.start_time =
      absl::FromUnixMicros(static_cast<int64_t>(info.start_token));
  info.details_visible = record.details_visible;
  return info;
}

}  // namespace pm::macos
