// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The processes listener_helper forks: children that share its sockets and,
// with --grandchildren, one grandchild each (a three-generation tree).

#ifndef PM_CORE_CONFORMANCE_LISTENER_HELPER_TREE_H_
#define PM_CORE_CONFORMANCE_LISTENER_HELPER_TREE_H_

#include <sys/types.h>

#include <vector>

#include "core/conformance/listener_helper_flags.h"

namespace pm::conformance {

// The forked processes; grandchildren[i] is children[i]'s child.
struct HelperTree {
  std::vector<pid_t> children;
  std::vector<pid_t> grandchildren;
};

// Forks flags.fork children; with flags.grandchildren each forks one
// grandchild and reports its pid back before this returns. Every forked
// process runs `wait_for_end` and exits 0; unless flags.detach_children it
// dies with its parent (PR_SET_PDEATHSIG on Linux) and a child kills and reaps
// its grandchild before it exits. Exits the helper (status 1) when fork, pipe
// or the report fails. Call once, from the helper's main thread.
HelperTree ForkHelperTree(const HelperFlags& flags, void (*wait_for_end)());

// Kills (SIGKILL) and reaps the children, so that once the helper is reaped
// nothing of the tree holds its sockets. Grandchildren die with their parents.
void EndHelperTree(const HelperTree& tree);

}  // namespace pm::conformance

#endif  // PM_CORE_CONFORMANCE_LISTENER_HELPER_TREE_H_
