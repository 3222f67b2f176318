// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LibprocPortProber: the macOS PortProber, built on libproc's per-process
// descriptor tables.

#ifndef PM_PLATFORM_MACOS_LIBPROC_PORT_PROBER_H_
#define PM_PLATFORM_MACOS_LIBPROC_PORT_PROBER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/port_prober.h"
#include "core/socket.h"

namespace pm::macos {

// Lists TCP and UDP sockets (IPv4 and IPv6) by walking processes:
// proc_listallpids, then proc_pidinfo(PROC_PIDLISTFDS) for each PID, then
// proc_pidfdinfo(PROC_PIDFDSOCKETINFO) for each socket descriptor. A socket
// held by several processes is reported once, with every holder in `owners`
// (SocketCollector). Results pass SocketMatches(query, s).
//
// Limitations (macOS has no system-wide socket table that names owners; the
// pcblist sysctls list sockets without owners and are not used here):
//  * A socket is only seen through a process that holds it. Another user's
//    process refuses PROC_PIDLISTFDS with EPERM unless the caller is root, so
//    its sockets are NOT LISTED AT ALL; they are not reported as kNotVisible,
//    because nothing says they exist. A socket held by no process (TIME_WAIT,
//    an orphaned FIN_WAIT_2) is never listed either: kNoOwner never occurs
//    here.
//  * Hence owner_visibility is kVisible for every socket returned with
//    query.with_owners: its owners are every holder this caller can see, and
//    holders in unreadable processes are missing from the list.
//  * The scan is not atomic: a process that exits, or a descriptor closed,
//  during
//    the scan is skipped; a descriptor opened during it may be missed.
//
// Errors: only the process list itself failing (ListAllPids's errors); per-
// process failures degrade the result as above. Cost: one proc_pidinfo call per
// process plus one proc_pidfdinfo per socket descriptor, whatever the query.
// Thread-safe (it has no state).
class LibprocPortProber final : public PortProber {
 public:
  absl::StatusOr<std::vector<Socket>> ListSockets(
      const SocketQuery& query) override;

  // posix::ProbeBind and posix::Reserve (platform_posix/bind_probe.h), with
  // BSD bind semantics: SO_REUSEADDR lets a bind to a specific address succeed
  // beside a wildcard socket of the same user, so such a port is kFree there.
  absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol,
                                        const Endpoint& local) override;
  absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(
      Protocol protocol, const Endpoint& local) override;
};

}  // namespace pm::macos

#endif  // PM_PLATFORM_MACOS_LIBPROC_PORT_PROBER_H_
