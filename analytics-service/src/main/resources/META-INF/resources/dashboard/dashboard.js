'use strict';
/*
 * Kept's compliance dashboard: every number comes from analytics-service's own GET /analytics/* reads (the same
 * ones BI tools and scripts use), shown as a chart and as a table with exactly the values the read answered.
 * Refreshed every few seconds; the filters live in the address so a view can be shared. Reads need the
 * kept-reader role: a token from the address' fragment (#token=..., never sent to a server) or typed in, kept in
 * this tab's sessionStorage; with none, requests go out without one, for a sign-in proxy in front to authorise.
 */
(function () {
    const TOKEN_KEY = 'kept.dashboard.token';
    const REFRESH_MS = 5000;
    const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    // ECharts' own default palette, named so that a guarantee and its objective can share a colour.
    const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];
    const charts = {};
    let token = null;
    let timer = null;

    class Unauthorized extends Error {
    }

    // ------------------------------------------------------------------ token and requests

    function readToken() {
        const fragment = new URLSearchParams(location.hash.slice(1));
        if (fragment.get('token')) {
            sessionStorage.setItem(TOKEN_KEY, fragment.get('token'));
            fragment.delete('token');
            const rest = fragment.toString();
            history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
        }
        token = sessionStorage.getItem(TOKEN_KEY);
    }

    async function get(path) {
        const headers = {Accept: 'application/json'};
        if (token) {
            headers.Authorization = 'Bearer ' + token;
        }
        const response = await fetch(path, {headers});
        if (response.status === 401 || response.status === 403) {
            throw new Unauthorized(path + ': ' + response.status);
        }
        if (!response.ok) {
            let detail = '';
            try {
                detail = (await response.json()).detail || '';
            } catch (e) {
                // not problem+json
            }
            throw new Error(path + ' answered ' + response.status + (detail ? ': ' + detail : ''));
        }
        return response.json();
    }

    // ------------------------------------------------------------------ filters in the address

    function filters() {
        const p = new URLSearchParams(location.search);
        return {from: p.get('from') || '', to: p.get('to') || '', guaranteeId: p.get('guaranteeId') || '', team: p.get('team') || ''};
    }

    function query(params) {
        const q = new URLSearchParams();
        Object.entries(params).forEach(([k, v]) => {
            if (v !== '' && v !== null && v !== undefined) {
                q.set(k, v);
            }
        });
        const text = q.toString();
        return text ? '?' + text : '';
    }

    function showFilters() {
        const f = filters();
        const form = document.getElementById('filters');
        form.from.value = f.from;
        form.to.value = f.to;
        form.team.value = f.team;
        form.guaranteeId.dataset.wanted = f.guaranteeId;
        form.guaranteeId.value = f.guaranteeId;
    }

    function applyFilters(event) {
        event.preventDefault();
        const form = document.getElementById('filters');
        const next = {from: form.from.value, to: form.to.value, guaranteeId: form.guaranteeId.value, team: form.team.value.trim()};
        history.pushState(null, '', location.pathname + query(next) + location.hash);
        refresh();
    }

    // ------------------------------------------------------------------ tables: the numbers as the reads gave them

    function text(value) {
        if (value === null || value === undefined) {
            return '–';
        }
        if (typeof value === 'object') {
            return JSON.stringify(value);
        }
        return String(value);
    }

    /** A table of rows under the given columns ([key, heading]), each cell the value exactly as the read answered it. */
    function table(section, caption, columns, rows, source) {
        const box = section.querySelector('.numbers');
        const t = document.createElement('table');
        t.dataset.source = source;
        const c = t.createCaption();
        c.textContent = caption + (rows.length ? '' : ': none');
        const head = t.createTHead().insertRow();
        columns.forEach(([key, heading]) => {
            const th = document.createElement('th');
            th.scope = 'col';
            th.textContent = heading;
            th.dataset.key = key;
            head.appendChild(th);
        });
        const body = t.createTBody();
        rows.forEach(row => {
            const tr = body.insertRow();
            columns.forEach(([key]) => {
                const td = tr.insertCell();
                td.dataset.key = key;
                td.textContent = text(row[key]);
            });
        });
        box.replaceChildren(t);
    }

    function failed(section, error) {
        const box = section.querySelector('.numbers');
        const p = document.createElement('p');
        p.className = 'error';
        p.setAttribute('role', 'alert');
        p.textContent = 'Could not read: ' + error.message;
        box.replaceChildren(p);
    }

    // ------------------------------------------------------------------ charts

    function chart(name) {
        if (typeof echarts === 'undefined') {
            return null;
        }
        if (!charts[name]) {
            const element = document.querySelector('[data-chart="' + name + '"]');
            // SVG, so a screen reader and a test can find what is drawn; decals so no series needs its colour.
            charts[name] = echarts.init(element, null, {renderer: 'svg'});
        }
        return charts[name];
    }

    function draw(name, label, option) {
        const c = chart(name);
        if (!c) {
            return;
        }
        c.setOption(Object.assign({
            animation: false,
            // ECharts writes the description into the chart's aria-label.
            aria: {enabled: true, label: {description: label + ' The numbers are in the table below.'}, decal: {show: true}},
            tooltip: {trigger: 'axis'},
            legend: {type: 'scroll', top: 0},
            grid: {left: 50, right: 20, top: 40, bottom: 40}
        }, option), true);
    }

    function byKey(rows, key) {
        const groups = new Map();
        rows.forEach(r => {
            if (!groups.has(r[key])) {
                groups.set(r[key], []);
            }
            groups.get(r[key]).push(r);
        });
        return groups;
    }

    function sum(rows, key) {
        return rows.reduce((total, r) => total + (Number(r[key]) || 0), 0);
    }

    // ------------------------------------------------------------------ the panels

    async function compliance(f) {
        const section = document.getElementById('compliance');
        const path = '/analytics/compliance' + query({from: f.from, to: f.to, guaranteeId: f.team ? '' : f.guaranteeId, team: f.team});
        const rows = await get(path);
        const key = f.team ? 'team' : 'guarantee_id';
        const days = [...new Set(rows.map(r => r.day))].sort();
        const series = [];
        const names = [];
        byKey(rows, key).forEach((list, name) => {
            // A guarantee's objective is drawn dashed in its own colour, and left out of the legend (which would
            // otherwise need two entries per guarantee and crowd the plot).
            const color = PALETTE[names.length % PALETTE.length];
            names.push(name);
            const byDay = new Map(list.map(r => [r.day, r.compliance_rate]));
            series.push({name: name, type: 'line', connectNulls: true, symbolSize: 8, color: color,
                data: days.map(d => byDay.has(d) ? byDay.get(d) : null)});
            const objective = list.find(r => r.objective !== undefined && r.objective !== null);
            if (objective) {
                series.push({name: name + ' objective', type: 'line', symbol: 'none', color: color,
                    lineStyle: {type: 'dashed', width: 1}, data: days.map(() => objective.objective)});
            }
        });
        // Compliance lives near the top: start the axis a little below the lowest value so that the lines and
        // their objectives can be told apart, but never above 0.5 (a glance must not make 0.8 look like 0).
        const lowest = Math.min(1, ...series.flatMap(s => s.data).filter(v => v !== null && v !== undefined).map(Number));
        const floor = Math.min(0.5, Math.max(0, Math.floor((lowest - 0.05) * 10) / 10));
        draw('compliance', 'Compliance per ' + (f.team ? 'team' : 'guarantee') + ' and day, against the objective (dashed).',
            {legend: {type: 'scroll', top: 0, data: names}, xAxis: {type: 'category', data: days},
                yAxis: {type: 'value', min: floor, max: 1}, series: series});
        const columns = [[key, f.team ? 'team' : 'guarantee'], ['day', 'day'], ['made', 'made'], ['kept', 'kept in time'],
            ['broken', 'broken or late'], ['open', 'open'], ['compliance_rate', 'compliance']];
        if (!f.team) {
            columns.push(['objective', 'objective'], ['error_budget_remaining', 'error budget left']);
        }
        table(section, 'Compliance per day', columns, rows, path);
    }

    async function burnRates(f) {
        const section = document.getElementById('burn-rates');
        const path = '/analytics/burn-rates' + query({guaranteeId: f.guaranteeId});
        const rows = await get(path);
        const windows = [...new Set(rows.map(r => r.window_minutes))].sort((a, b) => a - b);
        const label = m => m % 1440 === 0 ? (m / 1440) + ' d' : m % 60 === 0 ? (m / 60) + ' h' : m + ' min';
        const series = [];
        byKey(rows, 'guarantee_id').forEach((list, name) => {
            const byWindow = new Map(list.map(r => [r.window_minutes, r.burn_rate]));
            series.push({name: name + ' (' + list[0].alert_state + ')', type: 'bar', data: windows.map(w => byWindow.get(w))});
        });
        if (series.length) {
            series[0].markLine = {symbol: 'none', lineStyle: {type: 'dotted'}, label: {formatter: '{c}'},
                data: [{yAxis: 1}, {yAxis: 6}, {yAxis: 14.4}]};
        }
        const states = [...byKey(rows, 'guarantee_id')].map(([g, list]) => g + ': ' + list[0].alert_state).join(', ');
        draw('burn', 'Burn rate per guarantee and window. Alert states: ' + (states || 'no guarantees') + '.',
            {xAxis: {type: 'category', data: windows.map(label)}, yAxis: {type: 'value'}, series: series});
        table(section, 'Burn rates', [['guarantee_id', 'guarantee'], ['window_minutes', 'window (min)'], ['bad', 'bad'],
            ['total', 'decided'], ['burn_rate', 'burn rate'], ['budget_consumed', 'budget consumed'],
            ['alert_state', 'alert']], rows, path);
        // The guarantee filter offers every guarantee, not only the one chosen.
        const all = f.guaranteeId ? await get('/analytics/burn-rates') : rows;
        fillGuarantees([...new Set(all.map(r => r.guarantee_id))]);
    }

    function fillGuarantees(ids) {
        const select = document.getElementById('filters').guaranteeId;
        const known = new Set([...select.options].map(o => o.value));
        ids.forEach(id => {
            if (!known.has(id)) {
                select.add(new Option(id, id));
            }
        });
        if (select.dataset.wanted && select.value !== select.dataset.wanted) {
            select.value = select.dataset.wanted;
        }
    }

    async function recoveries(f) {
        const section = document.getElementById('recoveries');
        const path = '/analytics/recoveries' + query({from: f.from, to: f.to});
        const rows = await get(path);
        const severities = [...byKey(rows, 'severity').keys()];
        const per = key => severities.map(s => sum(rows.filter(r => r.severity === s), key));
        draw('recoveries', 'Recoveries per severity: opened, acknowledged on time, resolved on time.', {
            xAxis: {type: 'category', data: severities}, yAxis: {type: 'value', minInterval: 1},
            series: [{name: 'opened', type: 'bar', data: per('opened')},
                {name: 'acknowledged on time', type: 'bar', data: per('acknowledged_on_time')},
                {name: 'resolved on time', type: 'bar', data: per('resolved_on_time')}]
        });
        table(section, 'Recoveries per day and severity', [['day', 'day'], ['severity', 'severity'], ['opened', 'opened'],
            ['acknowledged_on_time', 'acknowledged on time'], ['resolved_on_time', 'resolved on time'],
            ['median_minutes_to_acknowledge', 'median min to acknowledge'], ['p90_minutes_to_acknowledge', 'p90 min to acknowledge'],
            ['median_minutes_to_resolve', 'median min to resolve'], ['p90_minutes_to_resolve', 'p90 min to resolve'],
            ['compensation_total', 'compensation']], rows, path);
    }

    async function followups(f) {
        const section = document.getElementById('followups');
        const path = '/analytics/followups' + query({from: f.from, to: f.to});
        const rows = await get(path);
        const kinds = [...byKey(rows, 'kind').keys()];
        const per = key => kinds.map(k => sum(rows.filter(r => r.kind === k), key));
        draw('followups', 'Follow-ups per kind: completed, missed, cancelled.', {
            xAxis: {type: 'category', data: kinds}, yAxis: {type: 'value', minInterval: 1},
            series: [{name: 'completed', type: 'bar', stack: 'all', data: per('completed')},
                {name: 'missed', type: 'bar', stack: 'all', data: per('missed')},
                {name: 'cancelled', type: 'bar', stack: 'all', data: per('cancelled')}]
        });
        table(section, 'Follow-ups per due day and kind', [['day', 'due day'], ['kind', 'kind'], ['scheduled', 'scheduled'],
            ['completed', 'completed'], ['missed', 'missed'], ['cancelled', 'cancelled'], ['completion_rate', 'completion'],
            ['avg_score', 'average score'], ['satisfied_rate', 'satisfied']], rows, path);
    }

    async function patterns(f) {
        const section = document.getElementById('patterns');
        const path = '/analytics/patterns' + query({guaranteeId: f.guaranteeId});
        const rows = await get(path);
        const category = document.getElementById('pattern-category').value;
        const cells = new Map();
        rows.filter(r => !category || r.category === category).forEach(r => {
            const k = (r.hour_of_day) + ',' + (r.weekday - 1);
            cells.set(k, (cells.get(k) || 0) + r.failures);
        });
        const data = [...cells].map(([k, v]) => k.split(',').map(Number).concat(v));
        const max = Math.max(1, ...data.map(d => d[2]));
        draw('patterns', 'Broken promises by weekday and hour' + (category ? ' (' + category + ')' : '') + '.', {
            tooltip: {position: 'top'},
            grid: {left: 50, right: 20, top: 20, bottom: 70},
            xAxis: {type: 'category', data: [...Array(24).keys()].map(String), name: 'hour (UTC)'},
            yAxis: {type: 'category', data: WEEKDAYS},
            visualMap: {min: 0, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0},
            series: [{name: 'failures', type: 'heatmap', data: data, label: {show: true}}]
        });
        const twice = [...new Set(rows.filter(r => r.same_problem_twice).map(r => r.guarantee_id))];
        document.getElementById('same-problem-twice').textContent = twice.length
            ? 'The same problem was found twice by the recoveries of: ' + twice.join(', ') + '.'
            : 'No guarantee\'s recoveries found the same problem twice.';
        table(section, 'Failures by category, weekday (1 = Monday) and hour', [['category', 'category'],
            ['weekday', 'weekday'], ['hour_of_day', 'hour'], ['guarantee_id', 'guarantee'], ['failures', 'failures'],
            ['same_problem_twice', 'same problem twice']], rows, path);
    }

    async function paradox() {
        const section = document.getElementById('paradox');
        const path = '/analytics/paradox';
        const rows = await get(path);
        draw('paradox', 'Share of customers who came back, and their average score, per cohort.', {
            xAxis: {type: 'category', data: rows.map(r => r.cohort)},
            yAxis: [{type: 'value', min: 0, max: 1, name: 'came back'}, {type: 'value', min: 0, max: 5, name: 'score'}],
            series: [{name: 'came back', type: 'bar', data: rows.map(r => r.returned_rate)},
                {name: 'average score', type: 'bar', yAxisIndex: 1, data: rows.map(r => r.avg_score)}]
        });
        table(section, 'Cohorts', [['cohort', 'cohort'], ['customers', 'customers'], ['returned_rate', 'came back'],
            ['avg_score', 'average score']], rows, path);
    }

    async function atRisk(f) {
        const section = document.getElementById('at-risk');
        const path = '/analytics/at-risk' + query({guaranteeId: f.guaranteeId, team: f.team});
        const rows = await get(path);
        table(section, 'Promises at risk or overdue', [['promise_id', 'promise'], ['guarantee_id', 'guarantee'],
            ['customer_id', 'customer'], ['team', 'team'], ['due_at', 'due'], ['at_risk', 'at risk'], ['overdue', 'overdue']],
            rows, path);
    }

    async function trust() {
        const section = document.getElementById('trust');
        const overdrawn = await get('/analytics/customers/trust?status=overdrawn');
        const spent = await get('/analytics/customers/trust?status=spent');
        table(section, 'Trust budget spent or overdrawn', [['customer_id', 'customer'], ['guarantee_id', 'budget of'],
            ['status', 'status'], ['failures', 'failures'], ['budget', 'budget'], ['trust_window', 'window'],
            ['last_failure_at', 'last failure'],
            ['last_failed_promise_id', 'promise'], ['last_recovery', 'its recovery']], overdrawn.concat(spent),
            '/analytics/customers/trust?status=overdrawn, then ?status=spent');
    }

    async function freshness() {
        const topics = await get('/analytics/lag');
        const asOf = topics.map(t => t.as_of).filter(Boolean).sort();
        const behind = topics.reduce((total, t) => total + Math.max(0, t.lag), 0);
        document.getElementById('freshness').textContent = 'Data as of ' + (asOf.length ? asOf[asOf.length - 1] : 'nothing yet')
            + ' (' + behind + ' records still to project) · updated ' + new Date().toLocaleTimeString();
    }

    // ------------------------------------------------------------------ refresh

    async function refresh() {
        clearTimeout(timer);
        const f = filters();
        const panels = [['compliance', () => compliance(f)], ['burn-rates', () => burnRates(f)],
            ['recoveries', () => recoveries(f)], ['followups', () => followups(f)], ['patterns', () => patterns(f)],
            ['paradox', paradox], ['at-risk', () => atRisk(f)], ['trust', trust], [null, freshness]];
        const results = await Promise.allSettled(panels.map(([, read]) => read()));
        if (results.some(r => r.status === 'rejected' && r.reason instanceof Unauthorized)) {
            signIn('Your token was refused, or it does not carry the kept-reader role.');
            return;
        }
        results.forEach((r, i) => {
            const id = panels[i][0];
            if (r.status === 'rejected' && id) {
                failed(document.getElementById(id), r.reason);
            }
        });
        document.getElementById('dashboard').dataset.loaded = String(Number(document.getElementById('dashboard').dataset.loaded || 0) + 1);
        timer = setTimeout(refresh, REFRESH_MS);
    }

    function signIn(problem) {
        clearTimeout(timer);
        sessionStorage.removeItem(TOKEN_KEY);
        token = null;
        document.getElementById('dashboard').hidden = true;
        document.getElementById('signin').hidden = false;
        document.getElementById('signin-error').textContent = problem || '';
        document.getElementById('freshness').textContent = 'Not signed in.';
        document.getElementById('token').focus();
    }

    function start() {
        readToken();
        showFilters();
        document.getElementById('signin').hidden = true;
        document.getElementById('dashboard').hidden = false;
        refresh();
    }

    document.addEventListener('DOMContentLoaded', () => {
        document.getElementById('filters').addEventListener('submit', applyFilters);
        document.getElementById('clear').addEventListener('click', () => {
            history.pushState(null, '', location.pathname + location.hash);
            showFilters();
            refresh();
        });
        document.getElementById('pattern-category').addEventListener('change', refresh);
        document.getElementById('signin-form').addEventListener('submit', event => {
            event.preventDefault();
            sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value.trim());
            document.getElementById('token').value = '';
            start();
        });
        window.addEventListener('popstate', () => {
            showFilters();
            refresh();
        });
        window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
        start();
    });
})();
