// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Live owner test helpers: listeners, holding children, the naive oracle.

#include "platform_linux/owner_test_util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace pm::procfs::testing {

int ListenLoopback(std::optional<Uid> fsuid) {
  if (fsuid.has_value()) setfsuid(*fsuid);
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fsuid.has_value()) setfsuid(0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(fd, 4) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

uint16_t PortOf(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return 0;
  }
  return ntohs(address.sin_port);
}

uint64_t InodeOf(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

HoldingChild::HoldingChild(std::optional<Uid> uid) {
  int release[2];
  int ready[2];
  if (pipe(release) != 0) return;
  if (pipe(ready) != 0) {
    close(release[0]);
    close(release[1]);
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {
    close(release[1]);
    close(ready[0]);
    char status = 'k';
    if (uid.has_value() &&
        (setgroups(0, nullptr) != 0 || setgid(*uid) != 0 || setuid(*uid) != 0 ||
         prctl(PR_SET_DUMPABLE, 1) != 0)) {
      status = 'e';
    }
    if (write(ready[1], &status, 1) != 1) _exit(1);
    char byte;
    while (read(release[0], &byte, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
  }
  close(release[0]);
  close(ready[1]);
  release_fd_ = release[1];
  char status = 0;
  ok_ = pid_ > 0 && read(ready[0], &status, 1) == 1 && status == 'k';
  close(ready[0]);
}

HoldingChild::~HoldingChild() {
  // Why write rather than only close: a child forked later holds a copy of
  // this pipe's write end, so closing ours alone would not wake this child.
  if (release_fd_ >= 0) {
    const char byte = 'x';
    (void)!write(release_fd_, &byte, 1);
    close(release_fd_);
  }
  if (pid_ > 0) {
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

std::map<uint64_t, std::set<Pid>> NaiveSocketOwners() {
  std::map<uint64_t, std::set<Pid>> owners;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return owners;
  while (const dirent* entry = readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    const std::string fd_dir = "/proc/" + std::string(entry->d_name) + "/fd";
    DIR* fds = opendir(fd_dir.c_str());
    if (fds == nullptr) continue;
    while (const dirent* fd = readdir(fds)) {
      const std::string link = fd_dir + "/" + fd->d_name;
      std::string target(256, '\0');
      const ssize_t n = readlink(link.c_str(), target.data(), target.size());
      if (n <= 0) continue;
      target.resize(static_cast<size_t>(n));
      if (target.rfind("socket:[", 0) != 0 || target.back() != ']') continue;
      owners[std::strtoull(target.c_str() + 8, nullptr, 10)].insert(pid);
    }
    closedir(fds);
  }
  closedir(proc);
  return owners;
}

}  // namespace pm::procfs::testing
