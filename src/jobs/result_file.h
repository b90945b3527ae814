#pragma once
// Saving a finished job's file into the output folder: only there, under a name made from the
// job's kind and id (never from text PixVerse sent), written atomically (temp file + rename)
// and size-checked, so a half-written or oversized file never appears under the final name.
#include <cstdint>
#include <optional>
#include <string>

#include "common/expected.h"
#include "jobs/job_kind.h"
#include "pixverse/client.h"

namespace app {

struct SavedFile {
  std::string path;
  std::uint64_t bytes = 0;
};

// The final path a job's file gets (an image's extension follows its content, so images are
// looked up by stem).
std::string result_file_stem(const std::string& output_dir, const JobKind& kind, std::uint64_t id);

// Downloads `url` to the output folder. `expected_size`: PixVerse's size field, checked when known.
// Returns the saved file or a sentence saying what went wrong (nothing is left behind then).
common::Expected<SavedFile> save_result_file(const pixverse::Client& client, const JobKind& kind, std::uint64_t id,
                                             const std::string& url, const std::string& output_dir,
                                             std::optional<std::uint64_t> expected_size);

// An already saved file of this job, if one exists.
std::optional<SavedFile> existing_result_file(const std::string& output_dir, const JobKind& kind, std::uint64_t id);

}  // namespace app
