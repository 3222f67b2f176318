// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The --json output of pm: socket and process objects in the stable schema that
// docs/cli.md documents. Key order is fixed (nlohmann::ordered_json).

#ifndef PM_CLI_JSON_OUTPUT_H_
#define PM_CLI_JSON_OUTPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "core/find_owners.h"
#include "core/process.h"
#include "nlohmann/json.hpp"

namespace pm::cli {

using Json = nlohmann::ordered_json;

// RFC 3339 in UTC with the fraction the time has: "2026-01-02T03:04:05.25Z".
std::string FormatRfc3339(absl::Time time);

// {"pid","ppid","name","user","uid","exe","cmdline","start_time",
//  "details_visible"}. Unknown strings, uid and start time are null.
Json ProcessJson(const ProcessInfo& info);

// The owner object of a PID whose process exited before it could be read:
// pid set, every other field null, details_visible false.
Json ExitedOwnerJson(Pid pid);

// {"protocol","family","local","remote","state","uid","inode",
//  "owner_visibility","owners"}; one owner per PID of socket.owners, in order.
Json SocketJson(const OwnedSocket& owned);

// {"sockets":[...]}: the document of `pm ports --json`.
Json SocketsDocument(const std::vector<OwnedSocket>& sockets);

// One port's entry of `pm who --json`: {"port":N,"sockets":[...]}.
Json PortJson(uint16_t port, const std::vector<OwnedSocket>& sockets);

// The text written to stdout: two-space indentation, a final newline. Bytes
// that are not UTF-8 (argv is arbitrary bytes) become U+FFFD instead of
// failing.
std::string DumpJson(const Json& json);

}  // namespace pm::cli

#endif  // PM_CLI_JSON_OUTPUT_H_
