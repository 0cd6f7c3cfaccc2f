"""Help: the keys and what each part of the app is for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from xiaoneng.tui.dialogs.base import BaseDialog

HELP = """\
# 效能 · 帮助

## 通用按键
| 按键 | 作用 |
|---|---|
| F1 或 ? | 打开本帮助 |
| Ctrl+P | 命令面板：搜索并打开任何功能 |
| Esc | 返回上一页 |
| Tab / Shift+Tab | 在输入框和按钮之间移动 |
| Enter | 打开选中的事项 / 确认 |
| Ctrl+O | 退出登录（公用电脑用完请务必退出） |
| Ctrl+Q | 关闭程序 |

## 首页（我的待办）
列出需要你处理的事项：要完成的学习、要签到的集中学习、自查、互查、领导巡查、
要签署的承诺书、由你负责整改或由你复查的问题，以及各自的截止日期；逾期的排在
最前面并标为“逾期”。领导和办公室还能看到各单位的完成情况。
首页快捷键：s 学习，j 集中学习，c 三查，r 整改台账，l 承诺书，o 办公室，p 修改 PIN。

## 签署
完成学习、签到、提交检查、复查销号、签署承诺书都需要输入自己的 PIN 确认。
每次签署都写入防篡改台账；PIN 连续输错 5 次，账号锁定 15 分钟。

## 检查表
↑/↓ 选择检查项；数字键 1、2、3…按检查表的顺序选择结果（如 1 符合、2 基本符合、
3 不符合、4 不适用），0 或退格键改回“未检查”；n 填写备注；f 或 Enter 填写问题的
“六定”：问题、措施、资金、责任人、期限、复查人（选“不符合”时会自动打开）。
草稿随时自动保存；Ctrl+S 提交，先显示汇总（未检查的项按不符合计），再输入 PIN。

## 整改台账
s 按状态筛选，m 按发现方式，u 按单位，o 只看逾期，x 清除筛选，Enter 打开问题。
责任人在问题页 p 登记进度、d 标记整改完成；复查人 c 复查通过并销号、b 退回整改。
"""


class HelpScreen(BaseDialog[None]):
    BINDINGS = [Binding("escape,q,f1", "dismiss", "关闭")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog wide"):
            yield Markdown(HELP)
