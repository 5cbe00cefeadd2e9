-- Twelve articles written for this crate's tests, stored the way NukeViet 4.5 stores
-- them: entity-escaped titles (&#x002F; &#40; &#41; &#x3A; &#039; &amp; &quot;),
-- HTML bodies, several categories per article, scheduled (publtime ahead of the
-- tests' fixed now, 2024-06-15 12:00 +07:00) and expired (exptime behind it) rows,
-- tag aliases with diacritics, one title written in TCVN3 through a latin1 connection,
-- a category alias in capitals (a site without alias_lower).

INSERT INTO nv4_vi_news_cat (catid, parentid, title, alias, weight, sort, lev) VALUES
(1, 0, 'Tin tức', 'tin-tuc', 1, 1, 0),
(2, 1, 'Hoạt động ngành', 'hoat-dong-nganh', 1, 2, 1),
(3, 0, 'Thông báo', 'thong-bao', 2, 4, 0),
(4, 0, 'Chỉ đạo &#40;điều hành&#41;', 'chi-dao-dieu-hanh', 3, 5, 0),
(5, 1, 'Cải cách hành chính', 'Cai-cach-hanh-chinh', 2, 3, 1);

INSERT INTO nv4_vi_news_sources (sourceid, title, link, weight) VALUES
(1, 'Báo Chính phủ', 'baochinhphu.vn', 1),
(2, 'Cổng thông tin điện tử tỉnh', 'https://soctrang.gov.vn', 2),
(3, 'Nguồn lạ', 'không phải địa chỉ', 3);

INSERT INTO nv4_vi_news_topics (topicid, title, alias, weight) VALUES
(1, 'Bão số 3 &#40;Yagi&#41;', 'bao-so-3-yagi', 1);

INSERT INTO nv4_vi_news_block_cat (bid, title, alias, weight) VALUES
(1, 'Tin tiêu điểm', 'tin-tieu-diem', 1),
(2, 'Tin nổi bật', 'tin-noi-bat', 2);

INSERT INTO nv4_vi_news_block (bid, id, weight) VALUES
(1, 101, 1),
(1, 110, 2),
(2, 110, 1);

INSERT INTO nv4_vi_news_tags (tid, numnews, title, alias, keywords) VALUES
(1, 2, 'thi đua khen thưởng', 'thi-đua-khen-thưởng', 'thi đua khen thưởng'),
(2, 2, 'chuyển đổi số', 'chuyển-đổi-số', 'chuyển đổi số'),
(3, 1, 'bão lũ', 'bão-lũ', 'bão lũ'),
(4, 1, '', 'cải-cách-hành-chính', 'cải cách hành chính'),
(5, 0, 'không dùng', 'khong-dung', '');

INSERT INTO nv4_vi_news_tags_id (id, tid, keyword) VALUES
(101, 1, 'thi đua khen thưởng'),
(103, 2, 'chuyển đổi số'),
(104, 2, 'chuyển đổi số'),
(107, 1, 'thi đua khen thưởng'),
(110, 3, 'bão lũ'),
(112, 4, 'cải cách hành chính');

INSERT INTO nv4_vi_news_rows (id, catid, listcatid, topicid, admin_id, author, sourceid,
  addtime, edittime, status, publtime, exptime, archive, title, alias, hometext,
  homeimgfile, homeimgalt, homeimgthumb, inhome, hitstotal) VALUES
(101, 2, '2,3', 0, 1, 'Trần Việt Tuấn', 2, 1714611600, 1714617000, 1, 1714611600, 0, 0,
 'Kế hoạch 08&#x002F;KH-UBND về thi đua &#40;giai đoạn 2024 - 2025&#41;',
 'ke-hoach-08-kh-ubnd-ve-thi-dua-giai-doan-2024-2025',
 'Sáng 2&#x002F;5, UBND tỉnh ban hành Kế hoạch thi đua giai đoạn 2024 - 2025.',
 '2024_05/hoi-nghi-thi-dua.jpg', 'Toàn cảnh hội nghị', 1, 1, 120),
(102, 3, '3', 0, 1, '', 2, 1717201800, 1717201800, 1, 1717201800, 1735578000, 1,
 'Thông báo&#x3A; Lịch tiếp công dân tháng 6 của &#039;Chủ tịch UBND tỉnh&#039;',
 'thong-bao-lich-tiep-cong-dan-thang-6', '', '', '', 0, 1, 45),
(103, 1, '1', 0, 2, '', 0, 1718334000, 1718334000, 2, 1718838000, 0, 0,
 'Hội nghị chuyển đổi số năm 2024 sẽ diễn ra ngày 20&#x002F;6',
 'hoi-nghi-chuyen-doi-so-nam-2024', '', '', '', 0, 1, 0),
(104, 1, '1', 0, 2, '', 3, 1718179200, 1718179200, 2, 1718179200, 0, 0,
 'Tập huấn nghiệp vụ văn thư, lưu trữ',
 'tap-huan-nghiep-vu-van-thu-luu-tru', '', '', '', 0, 1, 0),
(105, 3, '3', 0, 1, '', 0, 1709254800, 1709254800, 1, 1709254800, 1717174800, 0,
 'Thông báo tuyển dụng viên chức năm 2024',
 'thong-bao-tuyen-dung-vien-chuc-nam-2024', '', '', '', 0, 1, 300),
(106, 3, '3', 0, 1, '', 0, 1705280400, 1705280400, 3, 1705280400, 1706720400, 1,
 'Lịch nghỉ Tết Nguyên đán Giáp Thìn',
 'lich-nghi-tet-nguyen-dan-giap-thin', '', '', '', 0, 1, 900),
(107, 2, '2', 0, 1, 'Ban Thi đua &amp; Khen thưởng', 0, 1713574800, 1713574800, 1, 1713574800, 0, 0,
 CONVERT(X'4b68e8692074686920ae756120312073ac206bd5742063ab6e672074b8632036207468b86e6720aec775206ea86d2032303234' USING latin1),
 'khoi-thi-dua-1-so-ket-cong-tac-6-thang-dau-nam-2024', '', '', '', 0, 1, 12),
(108, 1, '1', 0, 3, '', 0, 1718334000, 1718334000, 4, 0, 0, 0,
 'Dự thảo báo cáo quý II', 'du-thao-bao-cao-quy-ii', '', '', '', 0, 0, 0),
(109, 4, '4', 0, 1, '', 0, 1717556400, 1717556400, 22, 1717556400, 0, 0,
 'Chỉ thị về phòng chống thiên tai', 'chi-thi-ve-phong-chong-thien-tai', '', '', '', 0, 1, 5),
(110, 1, '1,4', 1, 2, 'Minh Anh', 1, 1717552800, 1717556400, 1, 1717552800, 0, 0,
 'Ứng phó bão số 3&#x3A; tỉnh huy động 2.000 người',
 'ung-pho-bao-so-3-tinh-huy-dong-2000-nguoi',
 '<b>Chiều 5&#x2F;6</b>, Ban Chỉ huy phòng chống thiên tai họp khẩn.',
 'https://baochinhphu.vn/anh/bao-so-3.jpg', '', 3, 1, 77),
(111, 3, '3', 0, 1, '', 0, 1718427000, 1718427000, 1, 1719795600, 0, 0,
 'Thông báo&#x3A; Lịch tiếp công dân tháng 7',
 'thong-bao-lich-tiep-cong-dan-thang-6', '', '', '', 0, 1, 0),
(112, 5, '5,9', 0, 1, '', 0, 1713574800, 1713574800, 0, 1713574800, 0, 0,
 'Hỏi &amp; đáp về thủ tục &quot;một cửa&quot;', 'Hoi-dap-ve-thu-tuc-mot-cua', '', '', '', 0, 1, 3);

INSERT INTO nv4_vi_news_detail (id, titlesite, description, bodyhtml, sourcetext, imgposition, copyright) VALUES
(101, '', '', '<p>Kế hoạch nhằm <strong>động viên</strong>&nbsp;cán bộ, công chức thi đua hoàn thành nhiệm vụ.</p><p>Thời gian thực hiện: từ tháng 5&#x2F;2024.<script>alert(1)</script></p><p><img alt="Biểu đồ" src="/uploads/news/2024_05/bieu-do.png" width="600" height="400" onerror="x()"></p>', '', 2, 0),
(102, '', '', '<p>Chủ tịch UBND tỉnh tiếp công dân vào ngày 20&#x2F;6&#x2F;2024.</p><ul><li>Địa điểm: Trụ sở Tiếp công dân tỉnh</li><li>Thời gian: 7 giờ 30</li></ul>', 'https://soctrang.gov.vn/thong-bao/lich-tiep-cong-dan.html', 1, 0),
(103, '', '', '<p>Hội nghị do Sở Thông tin và Truyền thông chủ trì.</p>', '', 1, 0),
(104, '', '', '<div>Lớp tập huấn có 80 học viên.</div>', '', 1, 0),
(105, '', '', '<p>Hạn nộp hồ sơ: 31&#x2F;5&#x2F;2024.</p>', '', 1, 0),
(106, '', '', '<p>Cán bộ, công chức nghỉ Tết từ ngày 8&#x2F;2 đến hết ngày 14&#x2F;2&#x2F;2024.</p>', '', 1, 0),
(107, '', '', '<p>Khối thi đua 1 gồm 8 đơn vị.</p>', '', 1, 0),
(108, '', '', '<p>Đang soạn.</p>', '', 1, 0),
(109, '', '', '<p>Các sở, ngành chủ động phương án ứng phó.</p>', '', 1, 0),
(110, '', '', '<h3>Lực lượng</h3><table><tr><th>Đơn vị</th><th>Số người</th></tr><tr><td>Quân sự</td><td>1.200</td></tr></table><ol><li>Sơ tán dân</li><li>Gia cố nhà cửa</li></ol><blockquote><p>Không để ai bị bỏ lại phía sau.</p></blockquote>', '', 1, 1),
(111, '', '', '<p>Lịch tiếp công dân tháng 7.</p>', '', 1, 0),
(112, '', '', '<p>Hồ sơ nộp tại Bộ phận một cửa.</p>', '', 1, 0);
