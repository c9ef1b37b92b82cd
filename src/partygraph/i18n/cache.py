"""Messages of the load cache (:mod:`partygraph.io.cache`): said under ``--verbose``."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "cache.used": (
        "已从缓存读取模型（{folder}）：读过的文件都没有改动",
        "read the model from its cache ({folder}): no file it was read from has changed",
    ),
    "cache.written": (
        "已写出缓存 {folder}：下次读取同样的文件时直接使用",
        "wrote the cache {folder}: the next load of the same files reads it",
    ),
    "cache.ignored": (
        "没有使用缓存 {folder}：{why}；改为从文件读取",
        "did not use the cache {folder}: {why}; reading the files instead",
    ),
    "cache.not_written": (
        "无法写出缓存 {folder}（{why}），本次不缓存；"
        "可设置 PARTYGRAPH_CACHE_DIR 指向一个可写的文件夹",
        "cannot write the cache {folder} ({why}); nothing cached this time; "
        "set PARTYGRAPH_CACHE_DIR to a folder you can write",
    ),
    "cache.source_changed": (
        "文件“{file}”改动过",
        "the file {file!r} has changed",
    ),
    "cache.broken": (
        "缓存不完整或已损坏（{what}）",
        "the cache is incomplete or damaged ({what})",
    ),
    "cache.other_entry": (
        "缓存是读取“{entry}”时写的，不是这样写的入口文件",
        "the cache was written for {entry!r}, not for the entry file named so",
    ),
    "cache.other_code": (
        "缓存由另一个版本的 partygraph 写出",
        "the cache was written by another version of partygraph",
    ),
    "cache.other_language": (
        "缓存里的规范化记录是用另一种语言写的",
        "the cache's normalisation notes are in the other language",
    ),
    "cache.cli_no_cache": (
        "不读也不写缓存（.partygraph-cache 文件夹：加载缓存，以及检查结果缓存）；"
        "也可设置环境变量 PARTYGRAPH_NO_CACHE=1",
        "neither read nor write the caches (the .partygraph-cache folder: the load "
        "cache, and the check's result cache); "
        "the environment variable PARTYGRAPH_NO_CACHE=1 does the same",
    ),
}
