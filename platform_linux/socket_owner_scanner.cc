// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ScanSocketOwners: the /proc pass, parallel or first-owner with early exit.

#include "platform_linux/socket_owner_scanner.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "platform_linux/dir_entries.h"
#include "platform_linux/newest_processes.h"
#include "platform_linux/owner_candidates.h"
#include "platform_linux/proc_stat_parser.h"
#include "platform_posix/errno_status.h"

namespace pm::procfs {
namespace {

constexpr int kMaxThreads = 8;
// A thread costs tens of microseconds to start: give each at least this many
// processes.
constexpr size_t kProcessesPerThread = 32;
// A first-owner scan reads this many candidates on the caller's thread before
// it starts threads: the holder is usually among them.
constexpr size_t kSequentialCandidates = 8;
// Before listing /proc, a first-owner scan probes this many PIDs down from the
// last one allocated (ForEachNewestProcess): ~1 us per PID, where the listing
// costs ~1 us per process.
constexpr int kNewestProbeSpan = 64;

// State the threads of one scan share.
struct ScanShared {
  int root_fd = -1;
  const OwnerScanOptions* options = nullptr;
  std::atomic<bool> stop{false};  // Set once every wanted inode has a holder.
  std::mutex mu;
  absl::flat_hash_set<uint64_t> found;  // Guarded by mu (first-owner only).
};

// What one thread found.
struct ThreadResult {
  std::vector<SocketHolder> holders;
  std::vector<Pid> unreadable;
  size_t scanned = 0;
};

// A thread's reusable buffers.
struct ThreadBuffers {
  alignas(8) char dirents[kDirBufferSize];
  std::vector<SocketFd> fds;
};

void ScanProcess(ScanShared& shared, Pid pid, ThreadBuffers& buffers,
                 ThreadResult& out) {
  const OwnerScanOptions& options = *shared.options;
  buffers.fds.clear();
  const FdTableRead read =
      ReadSocketFds(shared.root_fd, pid, options.wanted, buffers.dirents,
                    sizeof(buffers.dirents), buffers.fds);
  ++out.scanned;
  if (read == FdTableRead::kUnreadable) out.unreadable.push_back(pid);
  if (buffers.fds.empty()) return;
  const uint64_t start_ticks =
      options.read_start_ticks
          ? ProcessStartTicks(shared.root_fd, pid).value_or(0)
          : 0;
  for (const SocketFd& fd : buffers.fds) {
    out.holders.push_back(SocketHolder{fd.inode, pid, fd.fd, start_ticks});
  }
  if (options.first_owner_only) {
    std::lock_guard<std::mutex> lock(shared.mu);
    for (const SocketFd& fd : buffers.fds) shared.found.insert(fd.inode);
    if (shared.found.size() >= options.wanted->size()) {
      shared.stop.store(true, std::memory_order_relaxed);
    }
  }
}

// Reads pids[cursor++] until the list ends or the scan is stopped.
void Drain(ScanShared& shared, const std::vector<Pid>& pids,
           std::atomic<size_t>& cursor, ThreadResult& out) {
  ThreadBuffers buffers;
  while (!shared.stop.load(std::memory_order_relaxed)) {
    const size_t i = cursor.fetch_add(1, std::memory_order_relaxed);
    if (i >= pids.size()) break;
    ScanProcess(shared, pids[i], buffers, out);
  }
}

// Reads `pids`, roughly in order, on up to `threads` threads (this one too).
void ScanInParallel(ScanShared& shared, const std::vector<Pid>& pids,
                    int threads, std::deque<ThreadResult>& results) {
  if (pids.empty()) return;
  const size_t wanted_threads = std::min<size_t>(
      static_cast<size_t>(threads),
      (pids.size() + kProcessesPerThread - 1) / kProcessesPerThread);
  std::atomic<size_t> cursor{0};
  std::vector<std::thread> workers;
  for (size_t i = 1; i < wanted_threads; ++i) {
    ThreadResult& out = results.emplace_back();
    // Why: std::thread reports a refused thread (EAGAIN) only by throwing;
    // this thread then reads what the others would have.
    try {
      workers.emplace_back(Drain, std::ref(shared), std::cref(pids),
                           std::ref(cursor), std::ref(out));
    } catch (const std::system_error&) {
      break;
    }
  }
  Drain(shared, pids, cursor, results.emplace_back());
  for (std::thread& worker : workers) worker.join();
}

int ThreadCount(const OwnerScanOptions& options) {
  int threads = options.threads;
  if (threads <= 0)
    threads = static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(threads, 1, kMaxThreads);
}

// Lists the PID entries of <root_fd>; returns 0 or the getdents64 errno.
int ListPids(int root_fd, std::vector<Pid>& pids) {
  std::vector<char> buffer(64 * 1024);  // Most /proc roots in one call.
  return ForEachDirEntry(root_fd, buffer.data(), buffer.size(),
                         [&](const char* name) {
                           if (std::optional<Pid> pid = ParsePidDirName(name)) {
                             pids.push_back(*pid);
                           }
                           return true;
                         });
}

// Reads the newest processes of a preferred uid (any uid without a
// preference), at most kSequentialCandidates, before /proc is listed; appends
// each PID read to `probed`.
void ScanNewest(ScanShared& shared, Pid last_pid, ThreadResult& out,
                std::vector<Pid>& probed) {
  const OwnerScanOptions& options = *shared.options;
  const bool prefer = !options.preferred_uids.empty();
  ThreadBuffers buffers;
  auto is_leader = [&options](Pid pid) {
    return options.is_thread_group_leader ? options.is_thread_group_leader(pid)
                                          : IsThreadGroupLeader(pid);
  };
  ForEachNewestProcess(
      shared.root_fd, last_pid, kNewestProbeSpan, is_leader,
      [&](Pid pid, std::optional<Uid> uid) {
        if (prefer && !IsPreferredUid(uid, options.preferred_uids)) return true;
        ScanProcess(shared, pid, buffers, out);
        probed.push_back(pid);
        return probed.size() < kSequentialCandidates &&
               !shared.stop.load(std::memory_order_relaxed);
      });
}

// First-owner order: candidates of a preferred uid, newest first, the first
// kSequentialCandidates read here (less those `already_read` has); then the
// other candidates in parallel. `pids` must not hold those of `already_read`.
void ScanFirstOwner(ScanShared& shared, std::vector<Pid> pids,
                    size_t already_read, int threads,
                    std::deque<ThreadResult>& results) {
  const OwnerScanOptions& options = *shared.options;
  OrderNewestFirst(pids, ReadLastPid(shared.root_fd));
  const bool prefer = !options.preferred_uids.empty();
  ThreadResult& here = results.emplace_back();
  ThreadBuffers buffers;
  std::vector<Pid> queue;
  std::vector<Pid> deferred;
  size_t read_here = already_read;
  for (Pid pid : pids) {
    if (shared.stop.load(std::memory_order_relaxed)) return;
    if (prefer && !IsPreferredUid(ProcessDirUid(shared.root_fd, pid),
                                  options.preferred_uids)) {
      deferred.push_back(pid);
    } else if (read_here < kSequentialCandidates) {
      ScanProcess(shared, pid, buffers, here);
      ++read_here;
    } else {
      queue.push_back(pid);
    }
  }
  queue.insert(queue.end(), deferred.begin(), deferred.end());
  ScanInParallel(shared, queue, threads, results);
}

}  // namespace

absl::StatusOr<SocketOwnerScan> ScanSocketOwners(
    const std::string& proc_root, const OwnerScanOptions& options) {
  const int root_fd =
      open(proc_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) {
    return posix::ErrnoToStatus(errno, absl::StrCat("open(", proc_root, ")"));
  }
  ScanShared shared;
  shared.root_fd = root_fd;
  shared.options = &options;
  std::deque<ThreadResult> results;  // Grows without moving its elements.
  const bool first = options.first_owner_only && options.wanted != nullptr;
  if (first && options.wanted->empty()) shared.stop = true;

  // First owner: the newest processes before /proc is listed, which the
  // holder's being among them makes unnecessary.
  ThreadResult newest;
  std::vector<Pid> probed;
  if (first && !shared.stop) {
    if (std::optional<Pid> last_pid = ReadLastPid(root_fd)) {
      ScanNewest(shared, *last_pid, newest, probed);
    }
  }
  bool listed = false;
  size_t process_count = 0;
  size_t probed_listed = 0;
  if (!shared.stop) {
    std::vector<Pid> pids;
    const int list_errno = ListPids(root_fd, pids);
    if (list_errno != 0) {
      close(root_fd);
      return posix::ErrnoToStatus(list_errno,
                                  absl::StrCat("getdents64(", proc_root, ")"));
    }
    listed = true;
    process_count = pids.size();
    if (!probed.empty()) {
      const size_t before = pids.size();
      pids.erase(std::remove_if(pids.begin(), pids.end(),
                                [&](Pid pid) {
                                  return std::find(probed.begin(), probed.end(),
                                                   pid) != probed.end();
                                }),
                 pids.end());
      probed_listed = before - pids.size();
    }
    if (first) {
      ScanFirstOwner(shared, std::move(pids), probed.size(),
                     ThreadCount(options), results);
    } else {
      ScanInParallel(shared, pids, ThreadCount(options), results);
    }
  }
  close(root_fd);

  SocketOwnerScan scan;
  auto merge = [&scan](const ThreadResult& result) {
    scan.processes_scanned += result.scanned;
    scan.holders.insert(scan.holders.end(), result.holders.begin(),
                        result.holders.end());
    scan.unreadable_pids.insert(scan.unreadable_pids.end(),
                                result.unreadable.begin(),
                                result.unreadable.end());
  };
  merge(newest);
  // Of the probe's reads, only the processes the listing holds count towards
  // a complete scan (the others ended before it).
  size_t listed_scanned = probed_listed;
  for (const ThreadResult& result : results) {
    merge(result);
    listed_scanned += result.scanned;
  }
  scan.complete = listed && listed_scanned == process_count;
  for (const SocketHolder& holder : scan.holders) {
    scan.owners_by_inode[holder.inode].push_back(holder.pid);
  }
  for (auto& [inode, owners] : scan.owners_by_inode) {
    std::sort(owners.begin(), owners.end());
    owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
  }
  std::sort(scan.unreadable_pids.begin(), scan.unreadable_pids.end());
  return scan;
}

absl::StatusOr<SocketOwnerScan> ScanSocketOwners(
    const std::string& proc_root, const absl::flat_hash_set<uint64_t>* wanted) {
  OwnerScanOptions options;
  options.wanted = wanted;
  return ScanSocketOwners(proc_root, options);
}

}  // namespace pm::procfs
