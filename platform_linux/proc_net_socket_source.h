// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The SocketSource that reads <proc_root>/net/{tcp,tcp6,udp,udp6}.

#ifndef PM_PLATFORM_LINUX_PROC_NET_SOCKET_SOURCE_H_
#define PM_PLATFORM_LINUX_PROC_NET_SOCKET_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/socket.h"
#include "platform_linux/socket_source.h"

namespace pm::procfs {

// Lists sockets by reading and parsing the text tables under <proc_root>/net/:
// the fallback for kernels or sandboxes without NETLINK_SOCK_DIAG, and the
// source the fixture tests run on (proc_root pointing at a captured tree under
// testdata/). Only the files the query needs are read (tcp for query.tcp &&
// query.ipv4, tcp6 for query.tcp && query.ipv6, and so on); the filters are
// then applied with SocketMatches(). Sockets come in file order (tcp, tcp6,
// udp, udp6) and in line order within each file.
//
// The kernel builds each file from its hash tables while it is read, so a
// socket opened or closed during List() may be missing or (rarely) listed
// twice; callers wanting an atomic snapshot use the netlink source.
//
// Example:
//   ProcNetSocketSource source;  // reads /proc/net/*
//   SocketQuery query;
//   query.local_port = 8080;
//   absl::StatusOr<std::vector<Socket>> sockets = source.List(query);
//
// Thread-safe: holds only the immutable root; List() may run concurrently.
class ProcNetSocketSource : public SocketSource {
 public:
  // `proc_root` is where procfs is mounted; nothing below it is hard-coded.
  explicit ProcNetSocketSource(std::string proc_root = "/proc");

  // "procfs".
  absl::string_view name() const override;

  // Returns the sockets of the needed files that SocketMatches(query, s)
  // accepts, with uid and inode set and owners left empty (query.with_owners is
  // ignored). A file that does not exist (ENOENT: a kernel built without IPv6)
  // is skipped, but a missing <proc_root>/net is NotFound
  // ("stat(<proc_root>/net): ..."), so a wrong root is not mistaken for an
  // empty socket table. Any other stat(), open() or read() failure returns the
  // pm::posix::ErrnoToStatus() code (PermissionDenied for EACCES, Internal for
  // EISDIR, ...) with a message naming the call and path, e.g.
  // "open(/proc/net/tcp): Permission denied (EACCES)". A file that does not
  // parse is InvalidArgument naming the path and line: "/proc/net/tcp6 line 4:
  // ...".
  absl::StatusOr<std::vector<Socket>> List(const SocketQuery& query) override;

  const std::string& proc_root() const { return proc_root_; }

 private:
  const std::string proc_root_;
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_PROC_NET_SOCKET_SOURCE_H_
