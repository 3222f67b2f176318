// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The command line of //core/conformance:listener_helper, parsed without OS
// calls so the parser is tested on literal argument lists.

#ifndef PM_CORE_CONFORMANCE_LISTENER_HELPER_FLAGS_H_
#define PM_CORE_CONFORMANCE_LISTENER_HELPER_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace pm::conformance {

// What listener_helper is asked to do. Port 0 means "any free port".
struct HelperFlags {
  std::string ready_file;    // --ready_file=PATH (required).
  std::vector<int> tcp4;     // --tcp4=PORT[,PORT..]: TCP on 127.0.0.1.
  std::vector<int> tcp6;     // --tcp6=...: TCP on [::1], IPV6_V6ONLY.
  std::vector<int> udp4;     // --udp4=...: UDP on 127.0.0.1.
  std::vector<int> udp6;     // --udp6=...: UDP on [::1], IPV6_V6ONLY.
  std::vector<int> dual;     // --dual=PORT: TCP on [::], IPV6_V6ONLY=0.
  int count = 0;             // --count=N: N TCP listeners on 127.0.0.1:0.
  int connect = -1;          // --connect=PORT: a client to 127.0.0.1:PORT
                             // (0: the first TCP v4 listener); -1: none.
  int fork = 0;              // --fork=N: children sharing every socket.
  bool ignore_term = false;  // --ignore_term: SIGTERM is ignored.
  // --grandchildren: each forked child forks one grandchild (a tree of three
  // generations with --fork=N).
  bool grandchildren = false;
  // --detach_children: children and grandchildren do not die with their
  // parent (no PR_SET_PDEATHSIG), and the helper exits on SIGTERM without
  // killing them; they end at stdin EOF or on their own signal.
  bool detach_children = false;
};

// Parses the arguments after argv[0]: `--name=value` flags and the switches
// `--ignore_term`, `--grandchildren` and `--detach_children`.
// Returns InvalidArgument naming the argument for an unknown flag, a bad port
// or count, or a missing --ready_file. Thread-safe.
absl::StatusOr<HelperFlags> ParseHelperFlags(
    absl::Span<const std::string> args);

}  // namespace pm::conformance

#endif  // PM_CORE_CONFORMANCE_LISTENER_HELPER_FLAGS_H_
