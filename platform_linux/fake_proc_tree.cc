// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FakeProcTree: mkdir, symlink and files under $TEST_TMPDIR.

#include "platform_linux/fake_proc_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace pm::procfs::testing {

FakeProcTree::FakeProcTree() {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string templ =
      absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/procXXXXXX");
  if (mkdtemp(templ.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp(" << templ << "): " << std::strerror(errno);
  }
  root_ = templ;
}

std::string FakeProcTree::Path(const std::string& relative) const {
  return absl::StrCat(root_, "/", relative);
}

void FakeProcTree::Dir(const std::string& relative) const {
  if (mkdir(Path(relative).c_str(), 0755) != 0) {
    ADD_FAILURE() << "mkdir(" << relative << "): " << std::strerror(errno);
  }
}

void FakeProcTree::Link(const std::string& relative,
                        const std::string& target) const {
  if (symlink(target.c_str(), Path(relative).c_str()) != 0) {
    ADD_FAILURE() << "symlink(" << relative << "): " << std::strerror(errno);
  }
}

void FakeProcTree::Relink(const std::string& relative,
                          const std::string& target) const {
  if (unlink(Path(relative).c_str()) != 0) {
    ADD_FAILURE() << "unlink(" << relative << "): " << std::strerror(errno);
  }
  Link(relative, target);
}

void FakeProcTree::File(const std::string& relative,
                        const std::string& text) const {
  const int fd = open(Path(relative).c_str(),
                      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, text.data(), text.size()) !=
                    static_cast<ssize_t>(text.size())) {
    ADD_FAILURE() << "write(" << relative << "): " << std::strerror(errno);
  }
  if (fd >= 0) close(fd);
}

void FakeProcTree::Process(Pid pid, uint64_t start_ticks) const {
  Dir(absl::StrCat(pid));
  Dir(absl::StrCat(pid, "/fd"));
  // Fields 1-22 of proc(5); field 22 is the start time.
  File(absl::StrCat(pid, "/stat"),
       absl::StrCat(pid, " (fake) S 1 ", pid, " ", pid,
                    " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 ", start_ticks,
                    " 1000 100\n"));
}

void FakeProcTree::SocketFd(Pid pid, int fd, uint64_t inode) const {
  Link(absl::StrCat(pid, "/fd/", fd), absl::StrCat("socket:[", inode, "]"));
}

}  // namespace pm::procfs::testing
