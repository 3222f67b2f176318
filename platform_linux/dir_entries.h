// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ForEachDirEntry: reads a directory through its fd with getdents64 into a
// caller's buffer, with no allocation (the /proc scans call it per process).

#ifndef PM_PLATFORM_LINUX_DIR_ENTRIES_H_
#define PM_PLATFORM_LINUX_DIR_ENTRIES_H_

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace pm::procfs {

// The size of a getdents64 buffer that reads a typical /proc/<pid>/fd (about
// 24 bytes per entry) in one call. Callers declare it as
//   alignas(8) char buffer[kDirBufferSize];
inline constexpr size_t kDirBufferSize = 16 * 1024;

// Calls `visit(const char* name)` for each entry of the directory open at
// `dir_fd` other than "." and "..", in the order the kernel returns them,
// until `visit` returns false. `buffer` (8-byte aligned, at least 1 KiB) is
// reused for every getdents64 call, so nothing is allocated.
//
// Returns 0, or the errno of the getdents64 call that failed (ENOENT when a
// /proc/<pid> directory's process exited mid-read). Thread-safe: no shared
// state (two threads must not read the same fd at once).
template <typename Visit>
int ForEachDirEntry(int dir_fd, char* buffer, size_t size, Visit&& visit) {
  // The layout getdents64(2) writes (struct linux_dirent64).
  struct Entry {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[1];
  };
  while (true) {
    const long got = syscall(SYS_getdents64, dir_fd, buffer, size);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (got == 0) return 0;
    for (long offset = 0; offset < got;) {
      const Entry* entry = reinterpret_cast<const Entry*>(buffer + offset);
      offset += entry->d_reclen;
      const char* name = entry->d_name;
      if (name[0] == '.' &&
          (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) {
        continue;
      }
      if (!visit(name)) return 0;
    }
  }
}

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_DIR_ENTRIES_H_
