// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Socket and process records the cli tests build their fixtures from.

#ifndef PM_CLI_TEST_SOCKETS_H_
#define PM_CLI_TEST_SOCKETS_H_

#include <string>
#include <vector>

#include "core/ip_address.h"
#include "core/process.h"
#include "core/socket.h"

namespace pm::cli::testing {

// A socket on `address`:`port` (address text, "127.0.0.1" or "::1") with the
// given owners; visibility kVisible when owners are given, else `visibility`.
Socket MakeSocket(Protocol protocol, const std::string& address, uint16_t port,
                  SocketState state, std::vector<Pid> owners,
                  OwnerVisibility visibility = OwnerVisibility::kVisible);

// A readable process: user alice (uid 1000), ppid 1, started
// 2026-01-01T00:00:00Z, exe /usr/bin/<name>.
ProcessInfo MakeProcess(Pid pid, const std::string& name,
                        std::vector<std::string> cmdline);

}  // namespace pm::cli::testing

#endif  // PM_CLI_TEST_SOCKETS_H_
