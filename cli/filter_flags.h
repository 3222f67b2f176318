// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The socket filter flags `pm ports` and `pm who` share (--all, --listening,
// --tcp,
// --udp, -4, -6), and the SocketQuery they select.

#ifndef PM_CLI_FILTER_FLAGS_H_
#define PM_CLI_FILTER_FLAGS_H_

#include "CLI/CLI.hpp"
#include "core/socket.h"

namespace pm::cli {

// The values of the shared filter flags. Leaving both of a pair unset (--tcp
// and
// --udp; -4 and -6) selects both.
struct FilterFlags {
  bool all = false;        // Every state.
  bool listening = false;  // TCP LISTEN and UDP UNCONN only (the default).
  bool tcp = false;
  bool udp = false;
  bool ipv4 = false;
  bool ipv6 = false;
};

// Registers the flags on `command`, storing into `*flags`, which must outlive
// the parse. --all and --listening exclude each other.
void AddFilterFlags(CLI::App& command, FilterFlags* flags);

// The query the flags select: protocols, families and states. Owners are asked
// for (with_owners); no port filter is set.
SocketQuery QueryFromFlags(const FilterFlags& flags);

}  // namespace pm::cli

#endif  // PM_CLI_FILTER_FLAGS_H_
