// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The JSON form of the PortManager's configuration and allocations, and files
// of it read and written through StateIo (atomic replace).
//
// The document (every key optional; see docs/cli.md):
//   {
//     "version": 1,
//     "services": [
//       {"name": "vite-dev-server", "default_port": 5176,
//        "range": [5173, 5180], "required": true,
//        "description": "Vite development server",
//        "protocol": "tcp", "host": "localhost"}
//     ],
//     "allocations": [
//       {"service": "vite-dev-server", "port": 5177, "requested_port": 5176,
//        "protocol": "tcp", "host": "localhost",
//        "allocated_at": "2026-01-02T03:04:05.25Z", "pid": 4242,
//        "start_token": 123456, "persistent": false}
//     ]
//   }
// In a service, "service" is accepted for "name" (the seeds' spelling), and
// "range" may be null; "required" defaults to false, "description" to "",
// "protocol" to "tcp" and "host" to "localhost".

#ifndef PM_CORE_PORT_JSON_H_
#define PM_CORE_PORT_JSON_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/port_allocation.h"
#include "core/port_service_config.h"
#include "core/port_state_io.h"

namespace pm {

// A configuration and allocations, as one JSON document holds them.
struct PortsDocument {
  PortManagerConfig config;
  std::vector<AllocationRecord> allocations;
};

// Parses and validates a document. Errors are InvalidArgument naming the field
// and what is wrong with it:
//   "services[2].range[1]: 70000 is not a port"
//   "services[0].required: expected true or false, got \"yes\""
//   "services[1].colour: unknown key (expected name, default_port, range,
//    required, description, protocol, host)"
//   "allocations[0].allocated_at: 'yesterday' is not an RFC 3339 time"
//   "line 3, column 5: syntax error while parsing object ..." (bad JSON)
// and ValidateConfig's errors for the services. Thread-safe.
absl::StatusOr<PortsDocument> ParsePortsDocument(absl::string_view text);

// The document as JSON text: two-space indentation, keys in the order above,
// a final newline. Thread-safe.
std::string SerializePortsDocument(const PortsDocument& document);

// Reads and parses `path`. Errors: StateIo::ReadFile's (NotFound when it does
// not exist), and ParsePortsDocument's with "<path>: " in front. Thread-safe
// if `io` is.
absl::StatusOr<PortsDocument> LoadPortsFile(StateIo& io,
                                            const std::string& path);

// Validates `document` (ValidateConfig; an invalid one is refused with
// InvalidArgument "not saved to <path>: services[2]...: ..." and nothing is
// written) and replaces `path` with it atomically
// (StateIo::WriteFileAtomically): on any error the old file is left untouched.
// Thread-safe if `io` is.
absl::Status SavePortsFile(StateIo& io, const std::string& path,
                           const PortsDocument& document);

}  // namespace pm

#endif  // PM_CORE_PORT_JSON_H_
