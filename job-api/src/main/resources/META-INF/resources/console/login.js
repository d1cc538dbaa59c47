'use strict';
if (new URLSearchParams(location.search).get('error')) {
  document.getElementById('login-error').hidden = false;
}
