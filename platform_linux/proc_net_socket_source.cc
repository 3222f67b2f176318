// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcNetSocketSource: reads <proc_root>/net/{tcp,tcp6,udp,udp6} with plain
// POSIX I/O and hands the text to the pure parsers.

#include "platform_linux/proc_net_socket_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "platform_linux/proc_net_parser.h"
#include "platform_posix/errno_status.h"

namespace pm::procfs {
namespace {

// Reads the whole file. /proc/net files report size 0 and are generated as they
// are read, so read until EOF instead of trusting st_size. Returns NotFound for
// ENOENT, other ErrnoToStatus() codes for other errors.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  int fd;
  do {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    return posix::ErrnoToStatus(errno, absl::StrCat("open(", path, ")"));
  }
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      close(fd);
      return posix::ErrnoToStatus(saved, absl::StrCat("read(", path, ")"));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

}  // namespace

ProcNetSocketSource::ProcNetSocketSource(std::string proc_root)
    : proc_root_(std::move(proc_root)) {}

absl::string_view ProcNetSocketSource::name() const { return "procfs"; }

absl::StatusOr<std::vector<Socket>> ProcNetSocketSource::List(
    const SocketQuery& query) {
  const std::string net_dir = absl::StrCat(proc_root_, "/net");
  struct stat st;
  if (stat(net_dir.c_str(), &st) != 0) {
    return posix::ErrnoToStatus(errno, absl::StrCat("stat(", net_dir, ")"));
  }

  std::vector<Socket> result;
  // Why: the kernel prints these files a hash bucket at a time across read()
  // calls, so a socket table that changes mid-read can repeat entries (seen in
  // the conformance suite under load; psutil dedupes with a set for the same
  // reason). An inode names one socket; inode 0 (TIME_WAIT) by its endpoints.
  absl::flat_hash_set<uint64_t> seen_inodes;
  std::set<std::tuple<Protocol, Endpoint, Endpoint, SocketState>> seen_orphans;
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    if (protocol == Protocol::kTcp ? !query.tcp : !query.udp) continue;
    for (AddressFamily family : {AddressFamily::kIpv4, AddressFamily::kIpv6}) {
      if (family == AddressFamily::kIpv4 ? !query.ipv4 : !query.ipv6) continue;
      const std::string path =
          absl::StrCat(net_dir, "/", ProcNetFileName(protocol, family));
      absl::StatusOr<std::string> text = ReadWholeFile(path);
      // Why: a kernel booted without IPv6 has no tcp6/udp6, and failing there
      // broke psutil: https://github.com/giampaolo/psutil/issues/197.
      if (absl::IsNotFound(text.status())) continue;
      if (!text.ok()) return text.status();
      PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets,
                          ParseProcNet(*text, protocol, family, path));
      for (Socket& s : sockets) {
        if (!SocketMatches(query, s)) continue;
        bool fresh =
            s.inode != 0
                ? seen_inodes.insert(s.inode).second
                : seen_orphans.emplace(s.protocol, s.local, s.remote, s.state)
                      .second;
        if (fresh) result.push_back(std::move(s));
      }
    }
  }
  return result;
}

}  // namespace pm::procfs
