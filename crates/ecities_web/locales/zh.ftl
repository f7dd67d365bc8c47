# 界面文字，中文（简体）。

## Page frame
language-name = 中文
skip-to-content = 跳至正文
nav-label = 网站
nav-home = 首页
nav-search = 搜索
nav-analytics = 统计
nav-members = 成员
nav-topics = 专题
nav-curated = 精选
nav-about = 关于
language-switcher = 语言
footer = e-Cities 网络成员 · ActivityPub

## Home
intro = e-Cities 网络的一个节点：城市分享最佳做法和经验教训，城市协会转发这些内容，联合国公共行政知识空间将其汇集起来，服务全世界。
search-all = 搜索所有做法
hosted-here = 本节点账户
published-here = 本节点发布
from-network = 来自网络
from-unpaks = 来自 UN-PAKS
nothing-yet = 暂无内容。
more = 更多
widget = 小组件

## Search
search-title = 搜索做法
words = 关键词
goal = 可持续发展目标
any = 全部
country = 国家（ISO 代码）
region = 联合国区域（代码或名称）
kind = 类型
language = 语言
search = 搜索
result-count = { $count } 条结果
result-count-approx = { $count }+ 条结果（如此常见的词只统计最新的匹配）
subscribe = 订阅
older = 更早的结果
refine = 筛选
via = 经由 { $name }
facet-sdg = 目标
facet-region = 区域
facet-country = 国家
facet-kind = 类型
facet-theme = 主题
facet-language = 语言
facet-association = 协会
facet-actor = 作者
facet-year = 年份

## Actor pages
members = 成员
no-members = 暂无成员。
member-city = 城市
member-country = 国家
member-since = 加入时间
practices = 做法
no-practices = 尚未发布任何做法。
portal = 官方门户
featured = 精选
topic-intro = 关注此专题，即可获知每一项符合以下搜索的新做法

## Practice pages
read-in = 阅读语言
relayed-by = 转发者
approved = 经其审核员批准
then = 之后
updated = 更新于
sdgs = 可持续发展目标
sdg-number = 目标 { $number }
themes = 主题
other-languages = 其他语言
problem = 问题
solution = 解决方案
results-section = 成果
lessons = 经验教训
license = 许可
source = 来源
period = 时期
kind-best_practice = 最佳做法
kind-lesson_learned = 经验教训
kind-case_study = 案例研究
kind-policy = 政策
kind-event = 活动
kind-publication = 出版物
kind-post = 帖子
gone-title = 此做法已被删除
gone-text = 作者已将其删除。
gone-on = 删除于

## Widget
widget-empty = 暂无发布内容。
widget-more = 更多来自 e-Cities 网络的内容

## Analytics
analytics-title = 统计
practice-count = { $count } 项做法
download = 下载
same-filters = 与搜索相同的筛选条件
nothing-to-count = 暂无可统计的内容。
chart-sdg = 按可持续发展目标统计的做法
chart-region = 按联合国区域统计的做法
chart-country = 按国家统计的做法
chart-language = 按语言统计的做法
chart-month = 按月份统计的做法

## About
about-title = 关于本节点
about-empty = 运营者尚未介绍本节点。
about-network = 本节点是 e-Cities 网络的一部分。

## 日期：“2026年12月1日”
date-long = { $year }年{ $month }{ $day }日
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月

## 管理：表单提交后只显示一次的消息
flash-published = 已发布：{ $title }
flash-saved = 已保存：{ $title }
flash-approved = 实践已批准
flash-rejected = 实践已拒绝
flash-replayed = { $count ->
    [0] 没有需要重试的失败投递
   *[other] 将重试 { $count } 个失败的投递
}
flash-source-added = 已添加订阅源
flash-polled = 已拉取订阅源：新增 { $created }，更新 { $updated }，删除 { $deleted }
flash-poll-failed = 无法读取订阅源；原因显示在其旁边。
flash-domain-saved = 域名规则已保存
flash-domain-removed = 域名规则已删除
flash-node-saved = 节点资料已保存
flash-token-created = 新的 API 令牌（只显示一次，请立即复制）：{ $token }
flash-error = 未完成：{ $reason }

topics-title = 主题
topics-intro = 每个主题都是一个已保存的搜索，并拥有自己的联邦宇宙账号：关注它即可收到它找到的每一项新实践。
topics-empty = 本节点尚无主题。
topics-search = 其搜索

# --- searchui ---
sort-label = 排序
sort-relevance = 最相关的在前
sort-newest = 最新的在前
apply-filters = 应用筛选
filters-applied = 已应用的筛选
remove-filter = 移除筛选条件 { $name }
clear-filters = 清除全部筛选
no-results = 没有符合此搜索的实践。
more-results = 更多结果
sdg-name-1 = 无贫穷
sdg-name-2 = 零饥饿
sdg-name-3 = 良好健康与福祉
sdg-name-4 = 优质教育
sdg-name-5 = 性别平等
sdg-name-6 = 清洁饮水和卫生设施
sdg-name-7 = 经济适用的清洁能源
sdg-name-8 = 体面工作和经济增长
sdg-name-9 = 产业、创新和基础设施
sdg-name-10 = 减少不平等
sdg-name-11 = 可持续城市和社区
sdg-name-12 = 负责任消费和生产
sdg-name-13 = 气候行动
sdg-name-14 = 水下生物
sdg-name-15 = 陆地生物
sdg-name-16 = 和平、正义与强大机构
sdg-name-17 = 促进目标实现的伙伴关系
theme-institutional-development = 公共部门机构和人力资源发展
theme-e-government = 电子和移动政务
theme-citizen-engagement = 公民参与发展管理
theme-open-government-data = 开放政府数据和服务
