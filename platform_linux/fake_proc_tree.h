// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FakeProcTree: a procfs-shaped directory tree under $TEST_TMPDIR, for tests of
// the owner scan and cache (fd links are made at run time, see STYLE.md 23).

#ifndef PM_PLATFORM_LINUX_FAKE_PROC_TREE_H_
#define PM_PLATFORM_LINUX_FAKE_PROC_TREE_H_

#include <cstdint>
#include <string>

#include "core/process.h"

namespace pm::procfs::testing {

// A fresh directory under $TEST_TMPDIR (left for Bazel to remove). Each helper
// fails the current test (ADD_FAILURE) when the file system call fails.
// Thread-compatible.
class FakeProcTree {
 public:
  FakeProcTree();

  const std::string& root() const { return root_; }
  std::string Path(const std::string& relative) const;

  // <root>/<relative> as a directory, a symlink to `target`, or a file holding
  // `text`.
  void Dir(const std::string& relative) const;
  void Link(const std::string& relative, const std::string& target) const;
  void File(const std::string& relative, const std::string& text) const;
  // Replaces the symlink <root>/<relative> with one to `target`.
  void Relink(const std::string& relative, const std::string& target) const;

  // <pid>/ and <pid>/fd/, and <pid>/stat with `start_ticks` as field 22.
  void Process(Pid pid, uint64_t start_ticks = 0) const;
  // <pid>/fd/<fd> -> "socket:[inode]".
  void SocketFd(Pid pid, int fd, uint64_t inode) const;

 private:
  std::string root_;
};

}  // namespace pm::procfs::testing

#endif  // PM_PLATFORM_LINUX_FAKE_PROC_TREE_H_
