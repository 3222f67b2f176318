// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ForkHelperTree and EndHelperTree: fork, PR_SET_PDEATHSIG, a report pipe.

#include "core/conformance/listener_helper_tree.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace pm::conformance {
namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "listener_helper: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

void Reap(pid_t pid) {
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Ties a forked process's life to its parent's unless children are detached.
void DieWithParent(pid_t parent, const HelperFlags& flags) {
  if (flags.detach_children) return;
#if defined(__linux__)
  // Why: a SIGKILLed parent cannot clean up; the kernel then kills us too.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  if (getppid() != parent) _exit(0);  // The parent died before prctl.
}

// A forked child: with --grandchildren it forks one grandchild first and
// writes "its pid, the grandchild's pid" (two pid_t, one atomic pipe write) to
// `report_fd`. Then it waits like the helper.
[[noreturn]] void RunChild(pid_t parent, const HelperFlags& flags,
                           int report_fd, void (*wait_for_end)()) {
  DieWithParent(parent, flags);
  pid_t grandchild = -1;
  if (flags.grandchildren) {
    const pid_t self = getpid();
    grandchild = fork();
    if (grandchild < 0) Die("fork()");
    if (grandchild == 0) {
      close(report_fd);
      DieWithParent(self, flags);
      wait_for_end();
      _exit(0);
    }
    const pid_t pair[2] = {self, grandchild};
    if (write(report_fd, pair, sizeof(pair)) != sizeof(pair)) Die("write()");
    close(report_fd);
  }
  wait_for_end();
  if (grandchild > 0 && !flags.detach_children) {
    kill(grandchild, SIGKILL);
    Reap(grandchild);
  }
  _exit(0);
}

// Reads one (child, grandchild) pair per child, in any order, and returns the
// grandchildren in the order of `children`.
std::vector<pid_t> ReadGrandchildren(int report_fd,
                                     const std::vector<pid_t>& children) {
  std::vector<pid_t> grandchildren(children.size(), -1);
  for (size_t i = 0; i < children.size(); ++i) {
    pid_t pair[2];
    ssize_t n;
    do {
      n = read(report_fd, pair, sizeof(pair));
    } while (n < 0 && errno == EINTR);
    if (n != sizeof(pair)) Die("read(grandchild report)");
    for (size_t j = 0; j < children.size(); ++j) {
      if (children[j] == pair[0]) grandchildren[j] = pair[1];
    }
  }
  return grandchildren;
}

}  // namespace

HelperTree ForkHelperTree(const HelperFlags& flags, void (*wait_for_end)()) {
  const pid_t self = getpid();
  int report[2] = {-1, -1};
  if (flags.grandchildren && pipe(report) != 0) Die("pipe()");
  HelperTree tree;
  for (int i = 0; i < flags.fork; ++i) {
    const pid_t pid = fork();
    if (pid < 0) Die("fork()");
    if (pid == 0) {
      if (report[0] >= 0) close(report[0]);
      RunChild(self, flags, report[1], wait_for_end);
    }
    tree.children.push_back(pid);
  }
  if (flags.grandchildren) {
    close(report[1]);
    tree.grandchildren = ReadGrandchildren(report[0], tree.children);
    close(report[0]);
  }
  return tree;
}

void EndHelperTree(const HelperTree& tree) {
  for (pid_t child : tree.children) kill(child, SIGKILL);
  for (pid_t child : tree.children) Reap(child);
}

}  // namespace pm::conformance
