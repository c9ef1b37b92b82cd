"""Messages of writing outputs: why a file cannot be written, and what to do."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "output.cannot_write": (
        "无法写入 {path}：{reason}；{hint}",
        "cannot write {path}: {reason}; {hint}",
    ),
    "output.nul": ("文件名里有 NUL 字符", "the name contains a NUL character"),
    "output.remove_it": ("请删去它", "remove it"),
    "output.empty": ("文件名是空的", "the name is empty"),
    "output.give_a_name": ("请写出要写入的文件名", "give the name of a file"),
    "output.regular_file": (
        "请写一个普通文件的名字（- 表示标准输出）",
        "name a regular file (- is standard output)",
    ),
    "output.in_system": (
        "它在 {top} 下，那里是系统放设备的地方，不是普通文件",
        "it is in {top}, where the system keeps devices, not regular files",
    ),
    "output.is_special": ("它是{what}，不是普通文件", "it is {what}, not a regular file"),
    "output.char_device": ("字符设备", "a character device"),
    "output.block_device": ("块设备", "a block device"),
    "output.fifo": ("命名管道（FIFO）", "a named pipe (FIFO)"),
    "output.socket": ("套接字", "a socket"),
    "output.was_read": ("它是{what}，本命令读过它", "it is {what}, which this command read"),
    "output.write_elsewhere": ("请写到别处", "write elsewhere"),
    "output.entry_file": ("模型的入口文件", "the model's entry file"),
    "output.rules_file": ("用 --rules 给出的规则文件", "a rules file given with --rules"),
    "output.model_file": (
        "模型的一个文件（被包含的文件或表）",
        "a file of the model (an include or a table)",
    ),
    "output.no_space": ("磁盘空间已满", "no space is left on the device"),
    "output.free_space": ("请腾出空间，或写到别处", "free some space or write elsewhere"),
    "output.quota": ("磁盘配额已用完", "your disk quota is used up"),
    "output.too_large": (
        "文件超出了文件系统允许的大小",
        "the file is too large for the file system",
    ),
    "output.is_folder": ("它是一个文件夹", "it is a folder"),
    "output.name_a_file": (
        "请写出文件夹里的一个文件，例如 {example}",
        "name a file in it, e.g. {example}",
    ),
    "output.denied": ("没有在 {folder} 里写入的权限", "permission denied in {folder}"),
    "output.ask_permission": (
        "请换一个可以写入的文件夹，或申请写入权限",
        "choose a folder you may write to, or ask for write permission",
    ),
    "output.not_permitted": (
        "系统不允许在 {folder} 里写入",
        "the system does not permit writing in {folder}",
    ),
    "output.other_folder": ("请换一个文件夹", "choose another folder"),
    "output.read_only": ("文件系统是只读的", "the file system is read-only"),
    "output.other_disk": ("请写到别的磁盘或文件夹", "write to another disk or folder"),
    "output.name_too_long": (
        "文件名太长（{size} 字节；文件系统最多允许 {most} 字节）",
        "the name is too long ({size} bytes; file systems allow {most})",
    ),
    "output.shorter_name": ("请换一个短一些的名字", "choose a shorter name"),
    "output.link_loop_folder": (
        "它所在的文件夹是符号链接的循环",
        "its folder is a loop of symbolic links",
    ),
    "output.in_the_way": ("{blocker} 是{what}", "{blocker} is {what}"),
    "output.move_it": ("请换一个文件夹，或把它移开", "choose another folder, or move it away"),
    "output.not_a_folder": ("一个文件，不是文件夹", "a file, not a folder"),
    "output.not_folder": ("不是文件夹", "not a folder"),
    "output.link_loop": ("符号链接的循环", "a loop of symbolic links"),
    "output.link_missing": (
        "指向 {target} 的符号链接，而 {target} 不存在",
        "a symbolic link to {target}, which does not exist",
    ),
    "output.link_not_folder": (
        "指向 {target} 的符号链接，{target} 不是文件夹",
        "a symbolic link to {target}, not to a folder",
    ),
    "output.check_path": ("请检查路径后重试", "check the path and try again"),
}
