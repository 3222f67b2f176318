// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Unix domain socket request/reply channel.

#include "platform_posix/unix_socket_channel.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "platform_posix/scoped_fd.h"

namespace pm::posix {
namespace {

absl::StatusOr<sockaddr_un> AddressOf(const std::string& path) {
  sockaddr_un address;
  std::memset(&address, 0, sizeof(address));
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("socket path ", path, " is ", path.size(),
                     " bytes; Unix socket paths must be 1 to ",
                     sizeof(address.sun_path) - 1, " bytes"));
  }
  std::memcpy(address.sun_path, path.data(), path.size());
  return address;
}

absl::StatusOr<ScopedFd> NewSocket(const std::string& path) {
  ScopedFd fd(socket(AF_UNIX, SOCK_STREAM, 0));
  if (!fd.valid()) return ErrnoError("socket", path);
  absl::Status cloexec = SetCloseOnExec(fd.get());
  if (!cloexec.ok()) return cloexec;
#ifdef SO_NOSIGPIPE
  // Why: macOS has no MSG_NOSIGNAL; this keeps a vanished peer from raising
  // SIGPIPE in the process.
  int one = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof(one));
#endif
  return fd;
}

// The uid of the process at the other end of a connected socket.
absl::StatusOr<uid_t> PeerUid(int fd, const std::string& path) {
#if defined(SO_PEERCRED)
  struct ucred cred;
  socklen_t length = sizeof(cred);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) {
    return ErrnoError("getsockopt(SO_PEERCRED)", path);
  }
  return cred.uid;
#else
  uid_t uid;
  gid_t gid;
  if (getpeereid(fd, &uid, &gid) != 0) return ErrnoError("getpeereid", path);
  return uid;
#endif
}

class UnixSocketListener final : public ChannelListener {
 public:
  UnixSocketListener(std::string path, ScopedFd listen_fd, ino_t inode,
                     std::pair<ScopedFd, ScopedFd> wake, ChannelHandler handler)
      : path_(std::move(path)),
        listen_fd_(std::move(listen_fd)),
        inode_(inode),
        wake_(std::move(wake)),
        handler_(std::move(handler)) {
    thread_ = std::thread([this] { Loop(); });
  }

  ~UnixSocketListener() override {
    char stop = 0;
    while (write(wake_.second.get(), &stop, 1) < 0 && errno == EINTR) {
    }
    thread_.join();
    // Remove the socket file only if it is still ours (not a successor's).
    struct stat st;
    if (lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) &&
        st.st_ino == inode_) {
      unlink(path_.c_str());
    }
  }

 private:
  void Loop() {
    while (true) {
      struct pollfd fds[2] = {{listen_fd_.get(), POLLIN, 0},
                              {wake_.first.get(), POLLIN, 0}};
      if (poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[1].revents != 0) return;
      if (fds[0].revents == 0) continue;
      ScopedFd connection(accept(listen_fd_.get(), nullptr, nullptr));
      if (!connection.valid()) continue;  // The client gave up; next one.
      // Why: non-blocking, so that a client that stops reading cannot hold
      // this thread past kChannelReadTimeout (WriteAll polls).
      int flags = fcntl(connection.get(), F_GETFL);
      if (!SetCloseOnExec(connection.get()).ok() || flags < 0 ||
          fcntl(connection.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
        continue;
      }
      Serve(connection.get());
    }
  }

  void Serve(int fd) {
    absl::StatusOr<uid_t> peer = PeerUid(fd, path_);
    if (!peer.ok() || *peer != geteuid()) return;
    absl::StatusOr<std::string> request = ReadUntilEof(
        fd, kMaxChannelMessage, absl::Now() + kChannelReadTimeout, path_);
    if (!request.ok()) return;
    std::string reply = handler_(*request);
    WriteAll(fd, reply, absl::Now() + kChannelReadTimeout, path_).IgnoreError();
  }

  const std::string path_;
  ScopedFd listen_fd_;
  const ino_t inode_;
  std::pair<ScopedFd, ScopedFd> wake_;  // {read end, write end}
  ChannelHandler handler_;
  std::thread thread_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ChannelListener>> ListenUnixSocket(
    const std::string& path, ChannelHandler handler) {
  absl::StatusOr<sockaddr_un> address = AddressOf(path);
  if (!address.ok()) return address.status();
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode) || st.st_uid != geteuid()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, " exists and is not a socket of uid ", geteuid(),
                       "; refusing to replace it"));
    }
    if (unlink(path.c_str()) != 0) return ErrnoError("unlink", path);
  } else if (errno != ENOENT) {
    return ErrnoError("lstat", path);
  }
  absl::StatusOr<ScopedFd> fd = NewSocket(path);
  if (!fd.ok()) return fd.status();
  if (bind(fd->get(), reinterpret_cast<const sockaddr*>(&*address),
           sizeof(*address)) != 0) {
    return ErrnoError("bind", path);
  }
  // Why: the mode of a socket file comes from the umask at bind(); set it
  // explicitly. The private directory already keeps others out meanwhile.
  if (chmod(path.c_str(), 0600) != 0 || lstat(path.c_str(), &st) != 0) {
    absl::Status error = ErrnoError("chmod", path);
    unlink(path.c_str());
    return error;
  }
  if (listen(fd->get(), 16) != 0) {
    absl::Status error = ErrnoError("listen", path);
    unlink(path.c_str());
    return error;
  }
  absl::StatusOr<std::pair<ScopedFd, ScopedFd>> wake = MakeNonBlockingPipe();
  if (!wake.ok()) {
    unlink(path.c_str());
    return wake.status();
  }
  return std::unique_ptr<ChannelListener>(new UnixSocketListener(
      path, *std::move(fd), st.st_ino, *std::move(wake), std::move(handler)));
}

absl::StatusOr<std::string> CallUnixSocket(const std::string& path,
                                           absl::string_view request,
                                           absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::StatusOr<sockaddr_un> address = AddressOf(path);
  if (!address.ok()) return address.status();
  absl::StatusOr<ScopedFd> fd = NewSocket(path);
  if (!fd.ok()) return fd.status();
  int flags = fcntl(fd->get(), F_GETFL);
  if (flags < 0 || fcntl(fd->get(), F_SETFL, flags | O_NONBLOCK) != 0) {
    return ErrnoError("fcntl(O_NONBLOCK)", path);
  }
  while (connect(fd->get(), reinterpret_cast<const sockaddr*>(&*address),
                 sizeof(*address)) != 0) {
    if (errno == EINTR) continue;
    if (errno == ECONNREFUSED || errno == EAGAIN) {
      // Why: a leftover socket file nobody listens on, or a full backlog.
      return absl::UnavailableError(
          absl::StrCat("connect(", path, "): nobody is listening"));
    }
    return ErrnoError("connect", path);
  }
  absl::StatusOr<uid_t> peer = PeerUid(fd->get(), path);
  if (!peer.ok()) return peer.status();
  if (*peer != geteuid()) {
    return absl::PermissionDeniedError(
        absl::StrCat(path, ": the listener runs as uid ", *peer,
                     ", not as uid ", geteuid(), "; not talking to it"));
  }
  absl::Status sent = WriteAll(fd->get(), request, deadline, path);
  if (!sent.ok()) return sent;
  if (shutdown(fd->get(), SHUT_WR) != 0) return ErrnoError("shutdown", path);
  return ReadUntilEof(fd->get(), kMaxChannelMessage, deadline, path);
}

}  // namespace pm::posix
