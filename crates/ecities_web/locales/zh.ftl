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
portal-verified-since = 自 { $date } 起已验证：官方门户链接回此主页
verified = 已验证
featured = 精选
topic-intro = 关注此专题，即可获知每一项符合以下搜索的新做法

## Practice pages
read-in = 阅读语言
relayed-by = 转发者
approved = 经其审核员批准
then = 之后
chain-written = 撰写
chain-approved = 批准
chain-featured = 精选推荐
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
documents = 文档
document-untitled = { $format } 文档
size-bytes = { $n } 字节
size-kb = { $n } KB
size-mb = { $n } MB
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

## Admin: the workspace's frame and dashboard
admin-title = ecities 管理
admin-signed-in = 已登录：{ $login }（{ $role }）
admin-public-page = 公开页面
admin-sign-out = 退出登录
admin-nav-label = 管理
admin-nav-dashboard = 概览
admin-nav-practices = 实践
admin-nav-write = 撰写实践
admin-nav-review = 审核队列
admin-nav-feeds = 门户订阅源
admin-nav-deliveries = 投递
admin-nav-follows = 关注者与关注
admin-nav-tokens = API 令牌
admin-nav-users = 用户
admin-nav-settings = 节点设置
admin-node-dashboard = 本节点
admin-needs-you = 待您处理
admin-pending-reviews = { $count ->
    [0] 没有待审核的实践
   *[other] { $count } 项实践待审核
}
admin-failed-deliveries = { $count ->
    [0] 没有失败的投递
   *[other] { $count } 次投递失败
}
admin-feed-errors = { $count ->
    [0] 所有门户订阅源均已读取
   *[other] { $count } 个门户订阅源无法读取
}
admin-recent-practices = 最新实践
admin-none-yet = 暂无。
admin-user-count = { $count } 个用户
admin-domain-rule-count = { $count ->
    [0] 没有域名规则
   *[other] { $count } 条域名规则
}
# --- records ---
history-link = 版本历史
history-title = 版本历史
history-intro = 此实践的每个版本都原样保存，每个版本都有可供引用的永久地址。
version-number = 第 { $number } 版
version-current = 当前版本
version-of = 第 { $number } 版，{ $date }
version-notice = 您正在阅读第 { $number } 版（共 { $latest } 版），内容与发布时完全一致。
version-read-current = 阅读当前版本
version-previous = 上一版本
version-next = 下一版本
permalink = 此版本的永久链接
cite-as = 引用格式
about-harvest = 收割这些实践
about-harvest-text = 图书馆、知识库和搜索引擎可以通过以下标准地址收集本节点发布的实践及其修改和删除记录：
# --- network ---
nav-network = 网络
network-title = 网络
network-intro = 本节点所知的协会、按区域和国家列出的成员城市、各城市加入的时间以及分享的数量。
network-follow-hint = 要用您的联邦宇宙账号关注某个城市或协会，请打开其旁边的“关注”并输入您的地址（例如 alice@mastodon.example），然后在您自己的服务器上确认。
network-summary = { $associations } 个协会，{ $cities } 个成员城市，分布在 { $countries } 个国家。
network-map-title = 各国成员城市
network-map-note = 有成员城市的国家以高亮显示（颜色越深，城市越多）；下表列出了这些城市。
network-map-country = { $country }：{ $count } 个成员城市
network-by-country = 各国成员城市
network-region = 区域
network-cities = 成员城市
network-associations = 协会
network-local = 位于本节点
network-association-shared = { $members } 个成员城市 · 转发了 { $relayed } 项实践
network-region-unknown = 未注明国家
network-joined = 加入时间
network-shared = 分享
network-practices = { $count } 项实践
network-follow = 关注
network-follow-button = 关注
network-follow-label = 您的联邦宇宙地址
network-no-members = 本节点不知道任何成员城市。
network-empty = 本节点尚不知道任何协会。
network-json = 相同数据的 JSON 格式：
network-follow-search = 请在您的应用中搜索此地址并从那里关注：
network-back = 返回网络
network-follow-no-template = { $host } 未说明如何从该服务器关注。
network-follow-unknown = 本节点不知道该城市或协会。
network-follow-failed = 无法开始关注：{ $reason }
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

# --- admin2: review, members, curation, topics ---
admin-nav-members = 成员城市
admin-nav-curation = 精选
admin-nav-topics = 主题
admin-th-practice = 实践
admin-th-city = 城市
admin-th-author = 作者
admin-th-country = 国家
admin-th-date = 发布日期
admin-th-decision = 决定
admin-th-reason = 理由
admin-th-decided = 决定日期
admin-th-state = 状态
admin-th-joined = 加入日期
admin-th-shared = 已分享的实践
admin-th-actions = 操作
admin-th-topic = 主题
admin-th-handle = 关注用的账号
admin-th-search = 搜索
admin-th-created = 创建日期
admin-moderation-heading = 审核
admin-moderation-now-auto = 成员的实践一经发布即被转发。
admin-moderation-now-manual = 成员的实践在此等待审核员批准。
admin-moderation-legend = 成员实践的转发方式
admin-moderation-auto = 自动：立即转发成员的每项实践
admin-moderation-manual = 人工：每项实践先经审核
admin-moderation-save = 保存审核方式
admin-review-pending = { $count ->
    [0] 没有待审核的实践
   *[other] { $count } 项实践待审核
}
admin-review-pending-caption = 批准后，实践将转发给协会的关注者；拒绝时请填写理由，城市会看到。
admin-review-approve = 批准
admin-review-approve-named = 批准“{ $title }”
admin-review-reason = 理由（城市可见）
admin-review-reject = 拒绝
admin-review-reject-named = 拒绝“{ $title }”
admin-review-empty = 没有待审核的实践。
admin-review-decided = 最近的决定
admin-review-no-decisions = 暂无决定。
admin-review-decision-approved = 已批准
admin-review-decision-rejected = 已拒绝
admin-members-intro = 成员城市是本协会关注的城市：它们的实践会转发给协会的关注者。
admin-members-invite = 邀请城市
admin-members-handle = 城市的账号
admin-members-handle-help = 例如 @seoul@cities.example；其他服务器上的城市在其服务器上接受邀请。
admin-members-invite-button = 邀请
admin-members-count = { $count ->
    [0] 暂无成员
   *[other] { $count } 个成员城市
}
admin-members-none = 通过账号邀请城市，即可转发其实践。
admin-members-state-accepted = 成员
admin-members-state-pending = 已邀请，等待回复
admin-members-state-rejected = 已谢绝
admin-members-remove = 移除
admin-members-remove-named = 从成员中移除 { $name }
admin-members-remove-title = 要从成员中移除 { $name } 吗？
admin-members-remove-explain = 协会将不再关注该城市：其新实践不再转发。已转发的实践保持不变。
admin-members-remove-confirm = 是，移除该成员
admin-members-keep = 取消
admin-curation-intro = 在本节点保存的实践中搜索并精选最佳实践：精选的实践会通告给本知识空间的关注者。
admin-curation-search = 查找实践
admin-curation-search-label = 标题、摘要或正文中的词语
admin-curation-search-button = 搜索
admin-curation-no-results = 没有匹配的实践。
admin-curation-featured = { $count ->
    [0] 尚无精选
   *[other] { $count } 项精选实践
}
admin-curation-none = 请从上方的搜索结果中精选实践。
admin-curation-feature = 精选
admin-curation-feature-named = 精选“{ $title }”
admin-curation-unfeature = 取消精选
admin-curation-unfeature-named = 取消精选“{ $title }”
admin-topics-intro = 主题是一个已保存的搜索，任何联邦宇宙账号都可以关注：每有新的匹配实践，它都会发出通告。
admin-topics-new = 创建主题
admin-topics-name = 名称（即账号：小写字母、数字、- 或 _）
admin-topics-name-help = 例如 sdg11-korea；创建后不能更改。
admin-topics-title = 标题
admin-topics-query = 已保存的搜索
admin-topics-query-help = 与搜索页地址中的写法相同，例如 sdg=11&country=KR 或 q=公交。
admin-topics-create = 创建主题
admin-topics-count = { $count ->
    [0] 暂无主题
   *[other] { $count } 个主题
}
admin-topics-none = 创建主题，让人们可以关注一个搜索。
admin-topics-delete = 删除
admin-topics-delete-named = 删除主题 { $name }
admin-topics-delete-title = 要删除主题 { $name } 吗？
admin-topics-delete-explain = 其关注者将不再收到它的通告，其账号也不会再被使用。
admin-topics-delete-confirm = 是，删除该主题
admin-flash-moderation-manual = 现为人工审核：成员的实践需等待审核。
admin-flash-moderation-auto = 现为自动转发：成员的实践会立即转发。
admin-flash-member-invited = 邀请已发送
admin-flash-member-removed = 成员已移除
admin-flash-featured = 已精选：{ $title }
admin-flash-unfeatured = 已取消精选：{ $title }
admin-flash-topic-created = 主题已创建
admin-flash-topic-deleted = 主题已删除

# --- admin1: the editors' and the operator's admin ---
admin-datetime = { $date } { $time } UTC
admin-search-words = 关键词
admin-kind = 类型
admin-any = 全部
admin-language = 语言
admin-languages = 语言
admin-search = 搜索
admin-clear-filters = 清除筛选
admin-practice-count = { $count } 项实践
admin-practice-title = 标题
admin-status = 状态
admin-actions = 操作
admin-published-on = 发布于 { $date }
admin-updated-on = 修改于 { $date }
admin-approved-by = 已由 { $name } 批准
admin-rejected-by = 已被 { $name } 拒绝
admin-pending-at = 等待 { $name } 审核
admin-preview = 预览
admin-edit = 编辑
admin-translations = 翻译
admin-delete = 删除
admin-remove = 移除
admin-cancel = 取消
admin-save = 保存
admin-nothing-matches = 没有符合这些筛选条件的实践。
admin-preview-of = 预览：{ $title }
admin-preview-note = 与公开页面所示相同，包含每种语言。其地址：
admin-preview-unpublished = 预览——尚未发布
admin-preview-language = { $lang } 预览
admin-original-language = 原文语言：{ $lang }
admin-translation-language = 翻译：{ $lang }
admin-moderation = 协会的决定
admin-delete-title = 删除“{ $title }”？
admin-delete-what = 这项实践发布于 { $date }。删除它将：
admin-delete-gone = 从本节点移除它；之后其地址将显示它已不存在：
admin-delete-federated = 通知每位关注者和每个协会（ActivityPub 的 Delete）删除其副本；
admin-delete-translations = 同时删除其 { $count } 个翻译；
admin-delete-relayed = 从转发它的 { $count } 个协会中撤回；
admin-delete-final = 无法撤销。
admin-delete-confirm = 删除这项实践
admin-translations-of = 翻译：{ $title }
admin-no-translations = 还没有翻译。
admin-attachments = 图片和文档
admin-attachment-file = 文件
admin-attachment-alt = 替代文本
admin-attachment-alt-hint = 图片必填：为看不到图片的人说明图片内容。文档则填写其标题。
admin-attachment-caption = 说明
admin-attachment-size = 大小（字节）
admin-attachment-add = 附加文件
admin-no-attachments = 还没有图片或文档。
admin-translation-add = 添加翻译
admin-translation-edit = 编辑翻译（{ $lang }）
admin-not-saved = 未保存：
admin-practice-not-saved = 实践未保存：
admin-language-tag = 语言（如 en、zh、ko 的代码）
admin-summary = 摘要
admin-text-markdown = 正文（Markdown）
admin-edit-practice = 编辑实践
admin-write-practice = 撰写实践
admin-sdgs-field = 可持续发展目标（编号，用逗号分隔）
admin-country-code = 国家（两个字母）
admin-sections-optional = 结构化部分（可选）
admin-themes-field = 主题（用逗号分隔）
admin-links-field = 链接（每行一个）
admin-period-from = 时期：从
admin-period-to = 至
admin-portal-page = 我们门户网站上的页面
admin-translation-optional = 翻译（可选）
admin-save-changes = 保存修改
admin-publish = 发布
admin-flash-deleted = 已删除：{ $title }
admin-flash-translation-saved = 翻译已保存：{ $title }
admin-flash-translation-removed = 翻译已移除：{ $title }
admin-flash-mapping-saved = 订阅源映射已保存
admin-flash-source-removed = 订阅源已移除
admin-flash-token-revoked = 令牌已撤销：它不再有效
admin-flash-user-created = 用户已创建
admin-flash-user-removed = 用户已移除
admin-feed-state-ok = 读取无误
admin-feed-state-error = 上次读取失败
admin-feed-state-new = 尚未读取
admin-feed-imported = 已导入 { $count } 项
admin-feed-last-poll = 上次读取于 { $date }
admin-feed-last-error = { $date } 失败：
admin-feed-last-success = 上次成功读取于 { $date }
admin-feed-poll = 立即读取
admin-feed-edit-mapping = 编辑映射
admin-feed-mapping = 其分类的含义
admin-feed-defaults = 默认值
admin-feed-sdgs = 可持续发展目标
admin-feed-themes = 主题
admin-feed-category = 分类
admin-feed-no-rules = 没有分类规则：可持续发展目标从“SDG 11”这类分类中读取。
admin-feed-add = 添加订阅源
admin-feed-url = 订阅源地址（RSS、Atom 或 JSON Feed）
admin-feed-add-button = 添加
admin-feed-mapping-of = { $url } 的映射
admin-feed-mapping-help = 默认值适用于每个条目；条目的分类会加入其规则的可持续发展目标和主题，并可设定类型。条目在订阅源下次更新时随之改变。
admin-feed-rules = 分类规则
admin-feed-rules-help = 清空分类即可删除其规则；可持续发展目标和主题用逗号分隔。
admin-feed-remove-title = 移除订阅源 { $url }？
admin-feed-remove-what = 节点将不再读取它。它导入的 { $count } 项实践仍保持发布；如有需要，请在实践列表中删除。
admin-feed-remove-confirm = 移除订阅源
admin-deliveries-help = 该主体发送的内容及接收者，按时间从新到旧排列。时间为 UTC。
admin-deliveries-failed = { $count ->
    [0] 没有发送失败。
   *[other] { $count } 次发送失败。
}
admin-deliveries-retry = 重试失败的发送
admin-deliveries-summary = { $count } 个接收者：{ $delivered } 个已送达，{ $failed } 个失败
admin-deliveries-none = 尚未发送任何内容。
admin-delivery-recipient = 接收者收件箱
admin-delivery-attempts = 尝试次数
admin-delivery-next = 下次尝试
admin-delivery-last-error = 最近错误
admin-delivery-delivered = 已送达
admin-delivery-failed = 失败
admin-delivery-retrying = 等待重试
admin-delivery-queued = 排队中
admin-tokens-help = 令牌让程序（您的门户网站、脚本）以某个角色使用 REST API。令牌只在创建时显示一次；不再使用的请撤销。
admin-tokens-none = 还没有令牌。
admin-token-label = 标签
admin-token-scope = 权限范围
admin-token-created = 创建时间
admin-token-used = 最近使用
admin-token-never-used = 从未
admin-token-no-label = （无标签）
admin-token-revoke = 撤销
admin-token-create = 创建令牌
admin-token-create-button = 创建令牌
admin-scope-read = 只读
admin-scope-write = 读写
admin-role = 角色
admin-role-operator = 节点运营者
admin-role-editor-of = @{ $handle } 的编辑
admin-role-moderator-of = @{ $handle } 的审核员
admin-login = 登录名
admin-password = 密码（至少 10 个字符）
admin-user-you = 您
admin-user-create = 添加用户
admin-user-create-button = 添加用户
admin-users-cli = 也可以在服务器命令行中添加用户：
admin-node-profile = 节点名称和简介
admin-node-name = 名称（显示在每个页面的页眉和标题中；为空时使用主机名）
admin-node-description = 简介（“关于”页面；空行开始新段落）
admin-node-logo = 标志（https:// 地址或本节点上的路径）
admin-domains = 屏蔽和允许的域名（整个节点）
admin-allowlist-on = 白名单模式已开启：本节点只与允许的域名通信。
admin-allowlist-off = 白名单模式已关闭：本节点与所有未屏蔽的域名通信。
admin-allowlist-where = 在配置文件中设置：
admin-domain = 域名
admin-domain-rule = 规则
admin-domain-note = 备注
admin-domain-block = 屏蔽
admin-domain-allow = 允许
admin-domains-none = 还没有域名规则。
admin-domains-configured = 配置文件中另有设置：
admin-followers = 关注者
admin-following = 正在关注
admin-followers-none = 还没有关注者。
admin-following-none = 尚未关注任何人；可通过 API 关注：
admin-follow-accepted = 已接受
admin-follow-pending = 等待接受
admin-follow-rejected = 已拒绝
admin-signin = 登录
admin-signin-password = 密码
admin-signin-accounts = 账户由节点运营者在管理后台或命令行中创建：
admin-signin-expired = 表单已过期，请重新登录。
admin-signin-wrong = 登录名或密码错误。
admin-signin-throttled-seconds = 登录尝试次数过多。请等待 { $count } 秒后重试。
admin-signin-throttled-minutes = 登录尝试次数过多。请等待 { $count } 分钟后重试。
admin-signin-busy-seconds = 服务器繁忙。请在 { $count } 秒后重试。
admin-signin-busy-minutes = 服务器繁忙。请在 { $count } 分钟后重试。
admin-role-editor = 编辑
admin-role-moderator = 审核员
admin-kind-city = 城市
admin-kind-association = 协会
admin-kind-knowledge-space = 知识空间
theme-institutional-development = 公共部门机构和人力资源发展
theme-e-government = 电子和移动政务
theme-citizen-engagement = 公民参与发展管理
theme-open-government-data = 开放政府数据和服务

# --- follow requests in the admin ---
admin-follow-requests = 关注请求
admin-follow-requests-none = 没有待处理的关注请求。
admin-follow-approval = 新关注者
admin-follow-approval-auto = 立即接受每位关注者
admin-follow-approval-manual = 由编辑逐一批准关注者
admin-follow-approval-save = 保存
admin-follow-request-who = 请求者
admin-follow-request-since = 请求日期
admin-follow-request-decide = 决定
admin-follow-accept = 接受
admin-follow-reject = 拒绝
admin-flash-follow-approval-manual = 新关注者现在需等待编辑批准
admin-flash-follow-approval-auto = 现在立即接受每位新关注者（待处理的请求已被接受）
admin-flash-follow-accepted = 已接受关注请求
admin-flash-follow-rejected = 已拒绝关注请求

# 借鉴与互动 (issue 22)
adapted-from = 借鉴自
adopted-by = 借鉴者
admin-engagement = 点赞与转发
admin-likes = 点赞：{ $count }
admin-boosts = 转发：{ $count }
analytics-adoptions = 借鉴：谁向谁学习
analytics-adoptions-total = 借鉴次数：{ $count }
analytics-adoption-map-title = 国家之间的借鉴地图
analytics-adoption-map-note = 每个箭头从实践被借鉴的国家指向借鉴它的国家；下表列出相同的内容。
analytics-adoption-map-country = { $country }：其实践在别处被借鉴 { $outward } 次，本国借鉴别处实践 { $inward } 次
analytics-adoption-flows = 国家之间的借鉴（借鉴国 ← 来源国）
analytics-flow = 方向
analytics-flow-to = 借鉴国
analytics-flow-from = 来源国
analytics-count = 借鉴次数
analytics-most-adopted = 被借鉴最多的实践
analytics-engagement = 来自联邦宇宙的点赞与转发
analytics-engagement-top = 本节点点赞与转发最多的实践
analytics-likes = 点赞
analytics-boosts = 转发
analytics-practice = 实践
admin-adopted-from-field = 借鉴自（实践的网址，每行一个）
admin-adopted-from-hint = 本实践借鉴的其他城市的实践；其作者会收到通知，其页面会显示您借鉴了它们。
# Conversation under a practice (issue 22)
conversation = 讨论
conversation-author = 发布者
conversation-empty = 暂无回复。
conversation-how = 您可以通过任何联邦宇宙账号（Mastodon、GoToSocial 等）回复此实践；回复在发布者阅读后显示于此。

# Association attestation: memberships the association confirms (issue 18)
membership-of = 成员：
membership-since = 自 { $date } 起，据该协会的成员名单
# Places and goals beyond a country and the SDGs: the world, MDGs, period years, related practices (issue 17)
mdgs = 千年发展目标
mdg-number = 千年发展目标 { $number }
mdg-name-1 = 消灭极端贫穷和饥饿
mdg-name-2 = 普及小学教育
mdg-name-3 = 促进两性平等并赋予妇女权力
mdg-name-4 = 降低儿童死亡率
mdg-name-5 = 改善产妇保健
mdg-name-6 = 与艾滋病毒/艾滋病、疟疾和其他疾病作斗争
mdg-name-7 = 确保环境的可持续能力
mdg-name-8 = 制订促进发展的全球伙伴关系
facet-mdg = 千年发展目标
facet-period = 实施年份
place-world = 世界
related = 相关实践
# Audiences and embargo (issue 19)
admin-audience-legend = 受众与发布时间
admin-audience-field = 面向
admin-audience-public = 所有人（公开）
admin-audience-followers = 仅关注者
admin-audience-named = 仅下方列出的参与者
admin-audience-actors = 参与者（每行一个 URL）
admin-publish-at = 发布时间（UTC）
admin-publish-at-hint = 留空则立即发布。在此之前，该实践不会发送给任何人，也不会出现在任何列表中；您仍可编辑或删除它。
# Translation workflow: how each language was made (issue 19)
translation-original = 原文
translation-human = 人工翻译
translation-machine = 机器翻译（{ $engine }）
translation-by = 译者：{ $who }
admin-translation-made = 来源
admin-translation-requests = 协会和知识空间请求的翻译
admin-translation-request-done = 已完成
# Admin reply queue, edits and deletions of replies (issue 22)
admin-nav-replies = 回复
admin-replies-policy-heading = 如何接收回复
admin-replies-now-open = 对您的实践的回复会立即显示。
admin-replies-now-moderated = 对您的实践的回复会在此等待，直到编辑或审核员批准。
admin-replies-now-closed = 不保留对您的实践的回复。
admin-replies-policy-legend = 来自联邦宇宙的回复
admin-replies-open = 开放：立即显示每条回复
admin-replies-moderated = 审核：每条回复等待批准
admin-replies-closed = 关闭：不保留任何回复
admin-replies-policy-save = 保存回复接收方式
admin-replies-pending = { $count ->
    [0] 没有等待决定的回复
    [one] 有一条回复等待决定
   *[other] 有 { $count } 条回复等待决定
}
admin-replies-about = 关于
admin-replies-approve = 批准
admin-replies-approve-named = 批准 { $name } 的回复
admin-replies-reject = 拒绝
admin-replies-reject-named = 拒绝 { $name } 的回复
admin-replies-block = 拒绝并屏蔽作者
admin-replies-block-named = 拒绝 { $name } 的回复并屏蔽其作者
admin-replies-empty = 没有需要决定的内容。
admin-replies-approved = 已批准的回复
admin-replies-answer-label = 您给 { $name } 的答复
admin-replies-answer = 发布答复
admin-replies-answer-named = 发布给 { $name } 的答复
admin-replies-none-approved = 尚无已批准的回复。
admin-replies-answers = 您的答复
admin-replies-delete = 删除答复
admin-replies-delete-named = 删除 { $date } 的答复
admin-replies-no-answers = 尚无答复。
admin-flash-replies-policy = 已保存回复接收方式。
admin-flash-reply-approved = 回复已批准：已显示并转发。
admin-flash-reply-rejected = 回复已拒绝。
admin-flash-reply-blocked = 回复已拒绝；其作者已被屏蔽。
admin-flash-answer-published = 答复已发布。
admin-flash-answer-deleted = 答复已删除。

# Practice form: place and MDGs; the associations the actor belongs to
admin-mdgs-field = 千年发展目标（数字 1–8，以逗号分隔；用于 2000–2015 年的材料）
admin-mdgs-hint = 目标：
admin-place-legend = 地点
admin-place-hint = 一个国家，或改为联合国区域或全世界（此时请将国家留空）。
admin-region-field = 以联合国区域代替国家
admin-region-none = 无：使用上面的国家
admin-memberships = 我们所属的协会
admin-memberships-intro = 填写本行为者所属的城市协会。协会的成员集合确认后，每项成员资格才会显示在公开资料中；节点会定期检查。
admin-membership-association = 协会
admin-membership-result = 最近一次检查
admin-membership-checked = 检查时间
admin-membership-confirmed = 已确认：成员自
admin-membership-not-listed = 未确认：协会未列出我们
admin-membership-unchecked = 尚未检查
admin-memberships-none = 尚未填写任何协会。
admin-member-of-field = 协会的行为者 URL
admin-member-of-hint = 每行一个，例如 https://cities.example.org/actors/association（最多 20 个）。留空表示不填写任何协会。
admin-memberships-save = 保存协会
admin-flash-memberships-saved = 协会已保存；每个协会确认成员资格后即会显示。
# 市民提问表单（issue 22）
conversation-citizen = { $name } 在本页提出的问题
conversation-citizen-anonymous = 一位市民在本页提出的问题
ask-heading = 提问
ask-pending = 谢谢：您的问题正在等待审核。编辑阅读后，它将显示在本页。
ask-privacy = 无需账户。编辑批准后，您的问题和您填写的名字（可选）会在此公开，并分享给关注该发布者的服务器。不保存其他任何信息：没有电子邮件，没有账户；您的网络地址只在内存中计数一小时，用于防止滥用。
ask-question-label = 您的问题
ask-question-help = 纯文本，最多 { $max } 个字符。
ask-name-label = 您的名字（可选）
ask-honeypot-label = 请将此栏留空
ask-send = 发送问题
ask-refused-title = 您的问题未发送
ask-refused-rate = 从您的地址发送的问题过多。请稍后再试。
ask-refused-off = 该实践不通过其页面接受提问。
ask-refused-input = 问题未被接受。原因：
ask-refused-back = 返回实践
admin-question-form-heading = 没有联邦宇宙账户的市民的提问
admin-question-form-now-on = 您的实践页面显示一个简短的提问表单。无论上方如何设置，其问题总是在此等待审核。
admin-question-form-now-off = 您的实践页面不显示提问表单。
admin-question-form-on = 显示提问表单
admin-question-form-off = 隐藏提问表单
admin-replies-via-form = 来自实践页面表单的问题
admin-replies-a-citizen = 一位市民
admin-replies-no-block = （来自表单的问题没有可屏蔽的联邦宇宙作者）
admin-flash-question-form = 已保存是否显示提问表单。
admin-marker-scheduled = 已排期：将于 { $date } 发布
