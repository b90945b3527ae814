// PixVerse ids leave the server as decimal strings (JS hosts read numbers as doubles); this
// machine's own counters and frame indexes stay numbers.
#include <catch2/catch.hpp>

#include "schema/id_text.h"

using nlohmann::json;

TEST_CASE("PixVerse ids at any depth become exact decimal strings, other numbers stay", "[ids]") {
  json v = {{"video_id", 9007199254740993ULL},
            {"job_id", 7},
            {"keyframe_id", 1},
            {"keyframe_ids", {1, 2}},
            {"seed", 42},
            {"uploads", {{{"field", "img_id"}, {"id", 18446744073709551615ULL}}}},
            {"recovered", {{"image_id", 5}, {"recover_job_id", 3}}},
            {"img_ids", {9007199254740995ULL, "12"}},
            {"account_id", -1},
            {"mask_id", "abc"}};
  app::ids_to_strings(v);
  CHECK(v["video_id"] == "9007199254740993");
  CHECK(v["job_id"] == 7);
  CHECK(v["keyframe_id"] == 1);
  CHECK(v["keyframe_ids"] == json{1, 2});
  CHECK(v["seed"] == 42);
  CHECK(v["uploads"][0]["id"] == "18446744073709551615");
  CHECK(v["recovered"]["image_id"] == "5");
  CHECK(v["recovered"]["recover_job_id"] == 3);
  CHECK(v["img_ids"] == json{"9007199254740995", "12"});
  CHECK(v["account_id"] == "-1");
  CHECK(v["mask_id"] == "abc");
}

TEST_CASE("which member names hold PixVerse ids", "[ids]") {
  for (const char* key : {"id", "video_id", "img_id", "media_id", "image_id", "restyle_id", "template_id", "img_ids"})
    CHECK(app::is_pixverse_id_key(key));
  for (const char* key : {"job_id", "before_job_id", "next_before_job_id", "recover_job_id", "keyframe_id",
                          "keyframe_ids", "seed", "identity", "video"})
    CHECK_FALSE(app::is_pixverse_id_key(key));
}
