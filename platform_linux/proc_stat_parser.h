// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Pure parsers for per-process /proc text: <pid>/stat, <pid>/status,
// <pid>/cmdline, the btime line of /proc/stat, and /proc directory names.

#ifndef PM_PLATFORM_LINUX_PROC_STAT_PARSER_H_
#define PM_PLATFORM_LINUX_PROC_STAT_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/process.h"

namespace pm::procfs {

// The fields pm uses from one /proc/<pid>/stat line (see proc(5)).
struct ProcStat {
  Pid pid = 0;       // Field 1.
  std::string comm;  // Field 2 without its parentheses; may hold ' ', '(', ')'.
  char state = '?';  // Field 3: R, S, D, Z, T, t, X, I, ...
  Pid ppid = 0;      // Field 4.
  uint32_t flags = 0;        // Field 9: the kernel's PF_* flags.
  uint64_t start_ticks = 0;  // Field 22: start, in clock ticks since boot.
};

// PF_KTHREAD (include/linux/sched.h): set in ProcStat::flags of kernel threads.
inline constexpr uint32_t kProcFlagKernelThread = 0x00200000;

// True when `stat` describes a kernel thread (PF_KTHREAD in field 9).
inline bool IsKernelThread(const ProcStat& stat) {
  return (stat.flags & kProcFlagKernelThread) != 0;
}

// Parses the text of /proc/<pid>/stat. comm is taken between the first '(' and
// the LAST ')': a process may name itself "a) b (c" (prctl(PR_SET_NAME) or a
// write to /proc/<pid>/comm accepts any bytes), and nothing after comm contains
// ')'.
//
// Example:
//   ParseProcStat("42 (my (weird) name) S 1 42 42 0 -1 ... 1234 ...")
//     -> {pid 42, comm "my (weird) name", state 'S', ppid 1, flags (field 9),
//         start_ticks 1234}
//
// Returns InvalidArgument (quoting the start of the text) when the text is
// truncated before field 22 or a numeric field does not parse. Thread-safe.
absl::StatusOr<ProcStat> ParseProcStat(absl::string_view text);

// Returns the real uid (first number of the "Uid:" line) of /proc/<pid>/status
// text, e.g. "Uid:\t1000\t1000\t1000\t1000\n" -> 1000. InvalidArgument when the
// line is missing or garbled. Thread-safe.
absl::StatusOr<Uid> ParseStatusUid(absl::string_view text);

// Splits the raw bytes of /proc/<pid>/cmdline into argv. Arguments are
// separated by NUL; the trailing NUL is optional. Empty input (kernel threads,
// zombies) gives an empty vector; a process that rewrote its title with spaces
// and no NULs gives one element. Trailing empty arguments are dropped. Why:
// programs that rewrite their title pad the rest of the old argv area with NULs
// (nginx's ngx_setproctitle, PostgreSQL's set_ps_display), which would
// otherwise read as a run of empty arguments; psutil trims the same way
// (https://github.com/giampaolo/psutil/issues/1179). The price: a real trailing
// empty argument ("prog ''") is not reported. Thread-safe.
std::vector<std::string> ParseCmdline(absl::string_view raw);

// Returns the boot time in seconds since the epoch from the "btime N" line of
// /proc/stat text. InvalidArgument when the line is missing or garbled.
// Thread-safe.
absl::StatusOr<uint64_t> ParseBootTime(absl::string_view proc_stat_text);

// Returns the PID named by a /proc directory entry ("42" -> 42), or nullopt for
// any other entry ("self", "net", "0", "042x", "+1"). Thread-safe.
std::optional<Pid> ParsePidDirName(absl::string_view name);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_PROC_STAT_PARSER_H_
