// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FallbackSocketSource: netlink first, /proc/net when the kernel or a sandbox
// refuses sock_diag.

#ifndef PM_PLATFORM_LINUX_FALLBACK_SOCKET_SOURCE_H_
#define PM_PLATFORM_LINUX_FALLBACK_SOCKET_SOURCE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "platform_linux/socket_source.h"

namespace pm::procfs {

// Asks `primary` and, when it answers Unimplemented or PermissionDenied (no
// sock_diag, no udp_diag module, a seccomp sandbox), asks `fallback` instead
// and keeps using it for later calls. Other errors are returned as they are: a
// real failure of the primary is not hidden. `primary` may be null (netlink
// socket could not be created). Thread-compatible.
class FallbackSocketSource : public SocketSource {
 public:
  FallbackSocketSource(std::unique_ptr<SocketSource> primary,
                       std::unique_ptr<SocketSource> fallback);

  // The name of the source that answered the last call ("netlink", "procfs").
  absl::string_view name() const override;
  absl::StatusOr<std::vector<Socket>> List(const SocketQuery& query) override;

 private:
  std::unique_ptr<SocketSource> primary_;  // Null once given up on.
  std::unique_ptr<SocketSource> fallback_;
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_FALLBACK_SOCKET_SOURCE_H_
