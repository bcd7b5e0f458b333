"""tzreport: 社区统战工作总结生成工具。"""

__version__ = "0.1.0"
